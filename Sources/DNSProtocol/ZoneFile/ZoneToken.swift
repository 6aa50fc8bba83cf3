/// One word of a zone file, as the lexer found it.
///
/// Backslash escapes are kept as written: whether `\.` splits a label or `\#` starts RFC 3597
/// RDATA depends on the field, so only the field's parser can decode them.
struct ZoneToken: Sendable {
    /// The raw octets between delimiters (or between the quotes), escapes included.
    var bytes: [UInt8]
    /// True when the token was written in double quotes.
    var isQuoted: Bool
    /// The 1-based line the token starts on.
    var line: Int

    /// The token as text, for messages and mnemonic look-ups.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The token for an error message: quoted, non-printing octets as `\DDD`, long ones cut,
    /// so a message always stays on one line.
    var quotedForMessage: String {
        var out = "\""
        for byte in bytes.prefix(64) {
            switch byte {
            case 0x20...0x7e: out.unicodeScalars.append(UnicodeScalar(byte))
            default: out += "\\" + String(byte).leftPadded(to: 3)
            }
        }
        return out + (bytes.count > 64 ? "...\"" : "\"")
    }

    /// True for an unquoted token spelled exactly `text` (ASCII case ignored).
    func isWord(_ text: String) -> Bool {
        !isQuoted && bytes.count == text.utf8.count
            && zip(bytes, text.utf8).allSatisfy { $0.asciiLowercased == $1.asciiLowercased }
    }
}
