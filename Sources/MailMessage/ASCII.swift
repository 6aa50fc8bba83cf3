/// Octet constants and character classes of RFC 5322 §3.2 and RFC 2045 §5.1, and case-insensitive matching of
/// ASCII names.
enum ASCII {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let percent: UInt8 = 0x25
    static let apostrophe: UInt8 = 0x27
    static let openParenthesis: UInt8 = 0x28
    static let closeParenthesis: UInt8 = 0x29
    static let asterisk: UInt8 = 0x2A
    static let comma: UInt8 = 0x2C
    static let hyphen: UInt8 = 0x2D
    static let period: UInt8 = 0x2E
    static let slash: UInt8 = 0x2F
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let lessThan: UInt8 = 0x3C
    static let equals: UInt8 = 0x3D
    static let greaterThan: UInt8 = 0x3E
    static let question: UInt8 = 0x3F
    static let at: UInt8 = 0x40
    static let openBracket: UInt8 = 0x5B
    static let backslash: UInt8 = 0x5C
    static let closeBracket: UInt8 = 0x5D
    static let underscore: UInt8 = 0x5F

    /// WSP: space or horizontal tab (RFC 5234 B.1).
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    /// WSP, CR or LF: what separates words once a field is unfolded.
    @inline(__always)
    static func isLinearWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == carriageReturn || byte == lineFeed
    }

    /// A field-name character: printable US-ASCII except the colon (RFC 5322 §3.6.8 ftext).
    @inline(__always)
    static func isFieldNameCharacter(_ byte: UInt8) -> Bool { byte >= 33 && byte <= 126 && byte != colon }

    /// An RFC 2045 §5.1 token character: printable US-ASCII except SPACE and tspecials.
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        guard byte > space, byte < 0x7F else { return false }
        switch byte {
        case openParenthesis, closeParenthesis, lessThan, greaterThan, at, comma, semicolon, colon, backslash,
            quote, slash, openBracket, closeBracket, question, equals:
            return false
        default:
            return true
        }
    }

    /// An RFC 2231 §7 attribute-char: a token character other than `*`, `'` and `%`.
    static func isAttributeCharacter(_ byte: UInt8) -> Bool {
        isTokenCharacter(byte) && byte != asterisk && byte != apostrophe && byte != percent
    }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

    /// The value of a hexadecimal digit, either case.
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// The octet an escape at `index` spells with the two hex digits after it (`=C3` in quoted-printable and
    /// the Q encoding, `%C3` in RFC 2231), when both lie before `end`.
    @inline(__always)
    static func escapedOctet<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at index: Int, before end: Int) -> UInt8?
    where Bytes.Index == Int {
        guard index + 2 < end, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) else {
            return nil
        }
        return high << 4 | low
    }

    /// True when `bytes` spell `lowercaseName` in any case; `lowercaseName` must be lowercase ASCII. A plain
    /// loop, inlined: through `zip` and a closure the generic was left unspecialized and cost a metadata look-up
    /// per octet, the parser's largest cost on small messages.
    @inline(__always)
    static func equalsIgnoringCase<Bytes: Collection<UInt8>, Name: Collection<UInt8>>(
        _ bytes: Bytes, _ lowercaseName: Name
    ) -> Bool {
        guard bytes.count == lowercaseName.count else { return false }
        var nameIndex = lowercaseName.startIndex
        for byte in bytes {
            guard lowercased(byte) == lowercaseName[nameIndex] else { return false }
            nameIndex = lowercaseName.index(after: nameIndex)
        }
        return true
    }

    /// `bytes` without leading and trailing linear white space.
    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, isLinearWhitespace(first) { slice.removeFirst() }
        while let last = slice.last, isLinearWhitespace(last) { slice.removeLast() }
        return slice
    }

    /// The lowercase ASCII form of `string` (other characters unchanged), for names compared without case.
    static func lowercased(_ string: String) -> String {
        String(decoding: string.utf8.map { lowercased($0) }, as: UTF8.self)
    }
}
