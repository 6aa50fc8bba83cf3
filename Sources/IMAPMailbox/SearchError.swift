import IMAPProtocol

/// Why SEARCH cannot be carried out (RFC 9051 §6.4.4): the CHARSET is one the server cannot decode. The
/// driver answers `NO` with ``responseCode`` (`[BADCHARSET (UTF-8 US-ASCII ...)]`, §7.1) and ``text``.
public struct SearchError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure; compare with the static members.
    public struct Code: Hashable, Sendable {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// The CHARSET names a character set ``SearchCharsets`` does not hold.
        public static let badCharset = Code("badCharset")
    }

    public let code: Code
    /// What the client is told; never echoes the client's charset name.
    public let text: String

    init(_ code: Code, _ text: String) {
        self.code = code
        self.text = text
    }

    /// `BADCHARSET` with the charsets SEARCH takes.
    public var responseCode: ResponseCode { .badCharset(SearchCharsets.advertised) }

    public var description: String { text }
}

/// The charsets SEARCH decodes its strings from (RFC 9051 §6.4.4: "US-ASCII MUST be supported; other
/// [CHARSET]s MAY be supported"): UTF-8, US-ASCII and every charset MailMessage's `Charset` converts, by any of
/// its names. ``advertised`` is the list `[BADCHARSET (...)]` names: the canonical name of each family that
/// mail in this server's users' languages arrives in.
public enum SearchCharsets {
    public static let advertised: [String] = [
        "UTF-8", "US-ASCII", "GB18030", "GBK", "GB2312", "Big5", "Shift_JIS", "EUC-JP", "ISO-2022-JP", "EUC-KR",
        "KOI8-R", "KOI8-U",
    ] + [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14, 15, 16].map { "ISO-8859-\($0)" }
        + (1250...1258).map { "Windows-\($0)" }
}
