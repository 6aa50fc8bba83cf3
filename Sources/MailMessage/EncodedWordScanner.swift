/// Splits a field value into RFC 2047 encoded words (decoded to their charset's octets) and the text between
/// them. See ``HeaderDecoding`` for the rules.
enum EncodedWordScanner {
    enum Segment {
        case text(ArraySlice<UInt8>)
        case word(Charset, [UInt8])
    }

    /// The longest charset label read in an encoded word.
    private static let maximumCharsetLength = 64

    static func segments(_ bytes: [UInt8]) -> [Segment] {
        var segments: [Segment] = []
        var textStart = 0
        var index = 0
        var unterminated = 0..<0
        while index + 1 < bytes.count {
            guard bytes[index] == ASCII.equals, bytes[index + 1] == ASCII.question,
                let (charset, decoded, end) = word(bytes, at: index, unterminated: &unterminated)
            else {
                index += 1
                continue
            }
            if textStart < index { segments.append(.text(bytes[textStart..<index])) }
            segments.append(.word(charset, decoded))
            index = end
            textStart = end
        }
        if textStart < bytes.count { segments.append(.text(bytes[textStart...])) }
        return segments
    }

    /// The encoded word `=?charset?encoding?text?=` at `start`: its charset, its octets and where it ends; nil
    /// when malformed or in an unknown charset.
    ///
    /// `unterminated` is the last stretch of encoded text found to run into white space or the end without a
    /// `?=`: a later word whose text starts inside it fails the same way, so it is not scanned again, which
    /// keeps a field full of `=?x?B?` openers linear.
    private static func word(
        _ bytes: [UInt8], at start: Int, unterminated: inout Range<Int>
    ) -> (Charset, [UInt8], Int)? {
        let charsetStart = start + 2
        guard let charsetEnd = bytes[charsetStart...].prefix(maximumCharsetLength + 1).firstIndex(of: ASCII.question),
            charsetEnd > charsetStart, charsetEnd + 2 < bytes.count, bytes[charsetEnd + 2] == ASCII.question,
            bytes[charsetStart..<charsetEnd].allSatisfy({ !ASCII.isLinearWhitespace($0) })
        else { return nil }
        let textStart = charsetEnd + 3
        guard !unterminated.contains(textStart) else { return nil }
        var textEnd = textStart
        while textEnd + 1 < bytes.count, !(bytes[textEnd] == ASCII.question && bytes[textEnd + 1] == ASCII.equals) {
            if ASCII.isLinearWhitespace(bytes[textEnd]) { break }
            textEnd += 1
        }
        guard textEnd + 1 < bytes.count, bytes[textEnd] == ASCII.question else {
            unterminated = textStart..<textEnd
            return nil
        }
        guard let charset = Charset(label: bytes[charsetStart..<charsetEnd]) else { return nil }
        let text = bytes[textStart..<textEnd]
        let decoded: [UInt8]
        switch bytes[charsetEnd + 1] {
        case 0x42, 0x62: decoded = TransferDecoding.base64(text)  // B
        case 0x51, 0x71: decoded = qDecoded(text)  // Q
        default: return nil
        }
        return (charset, decoded, textEnd + 2)
    }

    /// The Q encoding (RFC 2047 §4.2): `_` is a space, `=XX` an octet; a stray `=` stays.
    private static func qDecoded(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var decoded: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == ASCII.underscore {
                decoded.append(ASCII.space)
            } else if byte == ASCII.equals, let octet = ASCII.escapedOctet(text, at: index, before: text.endIndex) {
                decoded.append(octet)
                index += 2
            } else {
                decoded.append(byte)
            }
            index += 1
        }
        return decoded
    }
}
