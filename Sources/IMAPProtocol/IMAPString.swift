import NIOCore

/// The character classes of RFC 9051 §9 and the choice of atom, quoted string or literal when writing
/// one (§4.1-§4.3). A quoted string cannot hold NUL, CR or LF, and holds octets above 0x7F only as UTF-8
/// and only for a peer that reads UTF-8 (IMAP4rev2 or UTF8=ACCEPT); anything else goes as a literal.
///
///     atom-specials = "(" / ")" / "{" / SP / CTL / list-wildcards / quoted-specials / resp-specials
///     ATOM-CHAR     = <any CHAR except atom-specials>
///     ASTRING-CHAR  = ATOM-CHAR / resp-specials
///     list-char     = ATOM-CHAR / list-wildcards / resp-specials
///     QUOTED-CHAR   = <any TEXT-CHAR except quoted-specials> / "\" quoted-specials / UTF8-2 / UTF8-3 / UTF8-4
enum IMAPString {
    private static let atomCharacters: [Bool] = (0..<256).map { value in
        let byte = UInt8(value)
        guard (0x21...0x7E).contains(byte) else { return false }
        return !"(){%*\"\\]".utf8.contains(byte)
    }

    static func isAtomChar(_ byte: UInt8) -> Bool { atomCharacters[Int(byte)] }
    static func isAstringChar(_ byte: UInt8) -> Bool { atomCharacters[Int(byte)] || byte == UInt8(ascii: "]") }
    /// `tag = 1*<any ASTRING-CHAR except "+">`.
    static func isTagChar(_ byte: UInt8) -> Bool { isAstringChar(byte) && byte != UInt8(ascii: "+") }
    static func isListChar(_ byte: UInt8) -> Bool {
        isAstringChar(byte) || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "*")
    }

    /// How a string may be written.
    struct Style {
        /// The peer reads UTF-8 in quoted strings.
        var utf8: Bool
        /// Literals are non-synchronizing `{n+}` (commands sent in one piece); servers write `{n}`.
        var nonSynchronizing: Bool

        static let response = Style(utf8: false, nonSynchronizing: false)
        static let command = Style(utf8: true, nonSynchronizing: true)
    }

    /// True when `bytes` fit in a quoted string for a peer of `style`.
    static func isQuotable(_ bytes: some Collection<UInt8>, utf8: Bool) -> Bool {
        guard !bytes.contains(where: { $0 == 0 || $0 == 13 || $0 == 10 }) else { return false }
        guard bytes.contains(where: { $0 >= 0x80 }) else { return true }
        return utf8 && String(validating: bytes, as: UTF8.self) != nil
    }

    /// `astring`: an atom when every octet is ASTRING-CHAR, else a string.
    static func writeAstring(_ bytes: some Collection<UInt8>, into buffer: inout ByteBuffer, style: Style) {
        if !bytes.isEmpty, bytes.allSatisfy(isAstringChar) {
            buffer.writeBytes(bytes)
        } else {
            writeString(bytes, into: &buffer, style: style)
        }
    }

    /// `string`: quoted when possible, else a literal.
    static func writeString(_ bytes: some Collection<UInt8>, into buffer: inout ByteBuffer, style: Style) {
        let written: Void? = bytes.withContiguousStorageIfAvailable { contiguous in
            writeString(contiguous: contiguous, into: &buffer, style: style)
        }
        if written == nil {
            Array(bytes).withUnsafeBufferPointer { writeString(contiguous: $0, into: &buffer, style: style) }
        }
    }

    /// ``writeString(_:into:style:)`` in one pass over the octets to choose, and runs between the
    /// octets to escape copied whole: the strings of every ENVELOPE and BODYSTRUCTURE go through here.
    private static func writeString(contiguous bytes: UnsafeBufferPointer<UInt8>, into buffer: inout ByteBuffer,
                                    style: Style) {
        var escapes = 0
        var eightBit = false
        for byte in bytes {
            switch byte {
            case 0, 10, 13:
                writeLiteral(bytes, into: &buffer, style: style)
                return
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): escapes += 1
            case 0x80...: eightBit = true
            default: break
            }
        }
        if eightBit, !style.utf8 || String(validating: bytes, as: UTF8.self) == nil {
            writeLiteral(bytes, into: &buffer, style: style)
            return
        }
        buffer.reserveCapacity(minimumWritableBytes: bytes.count + escapes + 2)
        buffer.writeInteger(UInt8(ascii: "\""))
        if escapes == 0 {
            buffer.writeBytes(bytes)
        } else {
            var start = 0
            for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                buffer.writeBytes(UnsafeBufferPointer(rebasing: bytes[start..<index]))
                buffer.writeInteger(UInt8(ascii: "\\"))
                start = index
            }
            buffer.writeBytes(UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    /// `number` / `number64` in decimal, without a `String` for it (sizes, UIDs, line counts).
    static func writeNumber(_ value: Int, into buffer: inout ByteBuffer) {
        guard value > 0 else {
            buffer.writeString(String(value))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var rest = value
            var start = digits.count
            while rest > 0 {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            buffer.writeBytes(UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// `nstring`: a string, or NIL.
    static func writeNString(_ bytes: (some Collection<UInt8>)?, into buffer: inout ByteBuffer, style: Style) {
        guard let bytes else {
            buffer.writeStaticString("NIL")
            return
        }
        writeString(bytes, into: &buffer, style: style)
    }

    /// `literal`: `{n}` CRLF and the octets (`{n+}` for a command written in one piece).
    static func writeLiteral(_ bytes: some Collection<UInt8>, into buffer: inout ByteBuffer, style: Style) {
        buffer.writeString("{\(bytes.count)\(style.nonSynchronizing ? "+" : "")}\r\n")
        buffer.writeBytes(bytes)
    }

    /// An atom or quoted string as text, for values the grammar already limits to quotable text (header
    /// field names, charsets); unquotable octets, which those never hold, are dropped.
    static func astringText(_ bytes: [UInt8]) -> String {
        if !bytes.isEmpty, bytes.allSatisfy(isAstringChar) { return String(decoding: bytes, as: UTF8.self) }
        var buffer = ByteBuffer()
        writeString(bytes.filter { $0 != 0 && $0 != 13 && $0 != 10 }, into: &buffer, style: .command)
        return String(buffer: buffer)
    }

    static func astringText(_ text: String) -> String {
        astringText(Array(text.utf8))
    }

    /// `charset = atom / quoted`: never a bare `]`, which would end a response code early.
    static func charsetText(_ name: String) -> String {
        let bytes = Array(name.utf8)
        guard bytes.isEmpty || !bytes.allSatisfy(isAtomChar) else { return name }
        var buffer = ByteBuffer()
        writeString(bytes.filter { $0 != 0 && $0 != 13 && $0 != 10 }, into: &buffer, style: .command)
        return String(buffer: buffer)
    }
}
