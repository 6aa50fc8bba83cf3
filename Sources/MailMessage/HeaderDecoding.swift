/// Header text for people and for SEARCH: RFC 2047 encoded words decoded and every charset converted to UTF-8.
///
/// Decoding is lenient where mailers are sloppy and strict where RFC 2047 is clear:
/// - an encoded word is `=?charset?B|Q?text?=` with an optional RFC 2231 §5 `*language` after the charset; it is
///   recognised anywhere, also inside quoted strings and without white space around it (Outlook and Foxmail
///   write both);
/// - white space between two encoded words is dropped (§6.2), other text is kept;
/// - adjacent encoded words in the same charset are joined before conversion, so a multibyte character split
///   between two words (common with GBK and UTF-8 B words) is read whole;
/// - a malformed word, or one in a charset ``Charset`` does not know, is left as it is;
/// - raw 8-bit text outside encoded words is read as UTF-8 when it is valid UTF-8 (RFC 6532), else in
///   `fallback` when one is given, else as UTF-8 with U+FFFD for the invalid octets.
public enum HeaderDecoding {
    /// The text of a field value (unfolded, as ``HeaderField/value`` holds it).
    public static func decode(_ value: ByteString, fallback: Charset? = nil) -> String {
        decode(value.bytes, fallback: fallback)
    }

    /// The text of a field value's octets.
    public static func decode(_ bytes: [UInt8], fallback: Charset? = nil) -> String {
        guard bytes.contains(where: { $0 == ASCII.equals || $0 >= 0x80 }) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        let segments = EncodedWordScanner.segments(bytes)
        var decoded = ""
        var pending: (charset: Charset, bytes: [UInt8])?
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .text(let text)
            where index > 0 && index + 1 < segments.count && text.allSatisfy(ASCII.isLinearWhitespace):
                // §6.2: white space between two encoded words is not displayed (the scanner never puts two
                // text segments side by side, so the neighbours are words).
                continue
            case .word(let charset, let bytes):
                if pending?.charset == charset {
                    pending!.bytes += bytes
                } else {
                    if let pending { decoded += pending.charset.decode(pending.bytes) }
                    pending = (charset, bytes)
                }
            case .text(let text):
                if let pending { decoded += pending.charset.decode(pending.bytes) }
                pending = nil
                decoded += raw(text, fallback: fallback)
            }
        }
        if let pending { decoded += pending.charset.decode(pending.bytes) }
        return decoded
    }

    /// Octets outside encoded words as text.
    static func raw(_ bytes: ArraySlice<UInt8>, fallback: Charset?) -> String {
        if let fallback, bytes.contains(where: { $0 >= 0x80 }), String(validating: bytes, as: UTF8.self) == nil {
            return fallback.decode(bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
