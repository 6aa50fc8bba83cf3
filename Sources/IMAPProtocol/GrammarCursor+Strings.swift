// MARK: - Atoms, strings and numbers (RFC 9051 §4.1-§4.3, §9)

extension GrammarCursor {
    // atom = 1*ATOM-CHAR
    mutating func atom(_ what: @autoclosure () -> String = "Expected an atom") throws(GrammarError) -> ArraySlice<UInt8> {
        let run = take(while: IMAPString.isAtomChar)
        if run.isEmpty { throw isAtEnd ? .incomplete : .invalid(what()) }
        return run
    }

    // astring = 1*ASTRING-CHAR / string
    mutating func astring(_ what: @autoclosure () -> String = "Expected a string") throws(GrammarError) -> [UInt8] {
        if peek == UInt8(ascii: "\"") || peek == UInt8(ascii: "{") { return try string(what()) }
        let run = take(while: IMAPString.isAstringChar)
        if run.isEmpty { throw isAtEnd ? .incomplete : .invalid(what()) }
        return Array(run)
    }

    // string = quoted / literal
    mutating func string(_ what: @autoclosure () -> String = "Expected a string") throws(GrammarError) -> [UInt8] {
        switch peek {
        case UInt8(ascii: "\"")?: return try quoted()
        case UInt8(ascii: "{")?: return try literal()
        case nil: throw .incomplete
        default: throw .invalid(what())
        }
    }

    // nstring = string / nil
    mutating func nstring() throws(GrammarError) -> [UInt8]? {
        if takeWord("NIL") { return nil }
        return try string()
    }

    // quoted      = DQUOTE *QUOTED-CHAR DQUOTE
    // QUOTED-CHAR = <any TEXT-CHAR except quoted-specials> / "\" quoted-specials / UTF8-2 / UTF8-3 / UTF8-4
    // Octets above 0x7F must be UTF-8 (RFC 9051; RFC 3501 had 7-bit only, and clients send UTF-8).
    mutating func quoted() throws(GrammarError) -> [UInt8] {
        try expect(UInt8(ascii: "\""), "Expected a quoted string")
        var value: [UInt8] = []
        while true {
            guard let byte = peek else { throw .incomplete }
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard !value.contains(where: { $0 >= 0x80 }) || String(validating: value, as: UTF8.self) != nil else {
                    throw .invalid("Quoted string is not UTF-8")
                }
                return value
            case UInt8(ascii: "\\"):
                guard let escaped = peek else { throw .incomplete }
                guard escaped == UInt8(ascii: "\"") || escaped == UInt8(ascii: "\\") else {
                    throw .invalid("Invalid escape in quoted string")
                }
                index += 1
                value.append(escaped)
            case 0, 10, 13:
                throw .invalid("Invalid character in quoted string")
            default:
                value.append(byte)
            }
        }
    }

    // literal = "{" number64 ["+"] "}" CRLF *CHAR8          ; CHAR8 = %x01-ff: no NUL
    mutating func literal() throws(GrammarError) -> [UInt8] {
        let size = try literalHeader(binary: false)
        guard bytes.count - index >= size else { throw .incomplete }
        let value = bytes[index..<(index + size)]
        guard !value.contains(0) else { throw .invalid("NUL in a literal") }
        index += size
        return Array(value)
    }

    /// `"{" number64 ["+"] "}" CRLF` (or `"~{"` for literal8): the size. The framer has checked the size
    /// against the limits before collecting the octets, so here it is small.
    mutating func literalHeader(binary: Bool) throws(GrammarError) -> Int {
        if binary { try expect(UInt8(ascii: "~"), "Expected a literal") }
        try expect(UInt8(ascii: "{"), "Expected a literal")
        let digits = take(while: \.isASCIIDigit)
        guard !digits.isEmpty else { throw isAtEnd ? .incomplete : .invalid("Invalid literal size") }
        guard digits.count <= 18, let size = Int(String(decoding: digits, as: UTF8.self)) else {
            throw .invalid("Literal too big")
        }
        _ = take(UInt8(ascii: "+"))
        try expect(UInt8(ascii: "}"), "Invalid literal size")
        _ = take(13)
        try expect(10, "Expected a line end after the literal size")
        return size
    }

    // number = 1*DIGIT ; unsigned 32-bit
    mutating func number() throws(GrammarError) -> UInt32 {
        let value = try number64()
        guard let small = UInt32(exactly: value) else { throw .invalid("Number too big") }
        return small
    }

    // number64 = 1*DIGIT ; 0 <= n <= 9,223,372,036,854,775,807
    mutating func number64() throws(GrammarError) -> UInt64 {
        let digits = take(while: \.isASCIIDigit)
        guard !digits.isEmpty else { throw isAtEnd ? .incomplete : .invalid("Expected a number") }
        guard digits.count <= 19, let value = UInt64(String(decoding: digits, as: UTF8.self)), value <= UInt64(Int64.max)
        else { throw .invalid("Number too big") }
        return value
    }

    // nz-number = digit-nz *DIGIT ; 1 to 4,294,967,295
    mutating func nzNumber() throws(GrammarError) -> UInt32 {
        guard let first = peek else { throw .incomplete }
        guard (49...57).contains(first) else { throw .invalid("Expected a non-zero number") }
        return try number()
    }

    // nz-number64 = digit-nz *DIGIT
    mutating func nzNumber64() throws(GrammarError) -> UInt64 {
        guard let first = peek else { throw .incomplete }
        guard (49...57).contains(first) else { throw .invalid("Expected a non-zero number") }
        return try number64()
    }

    /// UTF-8 text without control characters, for credentials and names that reach other modules.
    static func text(_ bytes: [UInt8], _ what: String) throws(GrammarError) -> String {
        guard !bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }), let text = String(validating: bytes, as: UTF8.self)
        else { throw .invalid(what) }
        return text
    }

    /// A mailbox name: `mailbox = "INBOX" / astring`.
    mutating func mailbox() throws(GrammarError) -> MailboxName {
        MailboxName(try astring("Expected a mailbox name"))
    }

    // list-mailbox = 1*list-char / string
    mutating func listMailbox() throws(GrammarError) -> MailboxName {
        if peek == UInt8(ascii: "\"") || peek == UInt8(ascii: "{") { return MailboxName(try string()) }
        let run = take(while: IMAPString.isListChar)
        if run.isEmpty { throw isAtEnd ? .incomplete : .invalid("Expected a mailbox pattern") }
        return MailboxName(run)
    }
}

extension UInt8 {
    var isASCIIDigit: Bool { (48...57).contains(self) }
    var isASCIILetter: Bool { (65...90).contains(self) || (97...122).contains(self) }
}
