/// A read position in one command line, for the grammar functions; cheap to copy, so a parse function
/// restores the line on failure by keeping the copy it started from.
struct ByteCursor {
    let bytes: [UInt8]
    var index: Int

    init(_ bytes: [UInt8], index: Int = 0) {
        self.bytes = bytes
        self.index = index
    }

    var isAtEnd: Bool { index >= bytes.count }
    var peek: UInt8? { isAtEnd ? nil : bytes[index] }
    var rest: ArraySlice<UInt8> { bytes[min(index, bytes.count)...] }

    /// Consumes `byte` if it is next.
    mutating func take(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        index += 1
        return true
    }

    /// Consumes `text` (ASCII) if it is next, ignoring ASCII case.
    mutating func takeCaseInsensitive(_ text: String) -> Bool {
        let expected = Array(text.utf8)
        guard bytes.count - index >= expected.count else { return false }
        for (offset, byte) in expected.enumerated() where Self.upper(bytes[index + offset]) != Self.upper(byte) {
            return false
        }
        index += expected.count
        return true
    }

    /// Consumes bytes while `predicate` holds.
    @discardableResult
    mutating func take(while predicate: (UInt8) -> Bool) -> ArraySlice<UInt8> {
        let start = index
        while let byte = peek, predicate(byte) { index += 1 }
        return bytes[start..<index]
    }

    /// Consumes spaces; returns how many.
    @discardableResult
    mutating func skipSpaces() -> Int {
        take { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }.count
    }

    static func upper(_ byte: UInt8) -> UInt8 {
        (97...122).contains(byte) ? byte - 32 : byte
    }
}

extension UInt8 {
    var isASCIIDigit: Bool { (48...57).contains(self) }
    var isASCIILetter: Bool { (65...90).contains(self) || (97...122).contains(self) }

    // atext = ALPHA / DIGIT / "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "/" / "=" / "?" /
    //         "^" / "_" / "`" / "{" / "|" / "}" / "~"                    (RFC 5322 §3.2.3)
    var isAtext: Bool {
        isASCIIDigit || isASCIILetter || Array("!#$%&'*+-/=?^_`{|}~".utf8).contains(self)
    }
}

extension String {
    /// The bytes as text when they are valid UTF-8.
    init?(validUTF8 bytes: some Collection<UInt8>) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        self = text
    }
}
