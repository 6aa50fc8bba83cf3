import NIOCore

// MARK: - Keyword dispatch (RFC 1939 §3: keywords are case-insensitive, arguments separated by SP)

extension POP3Command {
    /// Parses one command line, CRLF already removed. Runs of spaces between arguments are forgiven,
    /// as Dovecot forgives them, except in PASS, whose argument is the rest of the line.
    public init(parsing line: ByteBuffer) throws(POP3SyntaxError) {
        try self.init(parsing: Array(line.readableBytesView))
    }

    /// Parses one command line given as text.
    public init(parsing line: String) throws(POP3SyntaxError) {
        try self.init(parsing: Array(line.utf8))
    }

    // keyword = 3*4VCHAR                                                     (RFC 1939 §3)
    init(parsing bytes: [UInt8]) throws(POP3SyntaxError) {
        let space = UInt8(ascii: " ")
        let keywordEnd = bytes.firstIndex(of: space) ?? bytes.endIndex
        guard (3...4).contains(keywordEnd) else { throw Self.unknown }
        let keyword = String(decoding: bytes[..<keywordEnd].map(Self.upper), as: UTF8.self)
        guard let parse = Self.keywords[keyword] else { throw Self.unknown }
        let rest = keywordEnd < bytes.endIndex ? bytes[(keywordEnd + 1)...] : []
        self = try parse(rest)
    }

    typealias KeywordParser = @Sendable (ArraySlice<UInt8>) throws(POP3SyntaxError) -> POP3Command

    /// The keyword table.
    static let keywords: [String: KeywordParser] = [
        "USER": { (a: ArraySlice<UInt8>) throws(POP3SyntaxError) in .user(try name(a, usage: "USER name")) },
        "PASS": { (a: ArraySlice<UInt8>) throws(POP3SyntaxError) in .pass(try password(a)) },
        "AUTH": { (a: ArraySlice<UInt8>) throws(POP3SyntaxError) in try parseAuth(a) },
        "STLS": { (a: ArraySlice<UInt8>) throws(POP3SyntaxError) in try none(a, .startTLS, usage: "STLS") },
        "CAPA": { (a: ArraySlice<UInt8>) throws(POP3SyntaxError) in try none(a, .capabilities, usage: "CAPA") },
        "STAT": { (a: ArraySlice<UInt8>) throws(POP3SyntaxError) in try none(a, .stat, usage: "STAT") },
        "LIST": { (a: ArraySlice<UInt8>) throws(POP3SyntaxError) in .list(try optionalNumber(a, usage: "LIST [msg]")) },
        "RETR": { (a: ArraySlice<UInt8>) throws(POP3SyntaxError) in .retrieve(try number(a, usage: "RETR msg")) },
        "DELE": { (a: ArraySlice<UInt8>) throws(POP3SyntaxError) in .delete(try number(a, usage: "DELE msg")) },
        "NOOP": { (a: ArraySlice<UInt8>) throws(POP3SyntaxError) in try none(a, .noop, usage: "NOOP") },
        "RSET": { (a: ArraySlice<UInt8>) throws(POP3SyntaxError) in try none(a, .reset, usage: "RSET") },
        "QUIT": { (a: ArraySlice<UInt8>) throws(POP3SyntaxError) in try none(a, .quit, usage: "QUIT") },
        "TOP": { (a: ArraySlice<UInt8>) throws(POP3SyntaxError) in try parseTop(a) },
        "UIDL": { (a: ArraySlice<UInt8>) throws(POP3SyntaxError) in .uniqueIDList(try optionalNumber(a, usage: "UIDL [msg]")) },
    ]

    static let unknown = POP3SyntaxError(.unknownCommand, "Unknown command.")

    static func usage(_ text: String) -> POP3SyntaxError {
        POP3SyntaxError(.invalidArguments, "Syntax: \(text)")
    }

    /// The arguments, split at runs of spaces.
    private static func words(_ arguments: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        arguments.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: true)
    }

    private static func none(_ arguments: ArraySlice<UInt8>, _ command: POP3Command,
                             usage text: String) throws(POP3SyntaxError) -> POP3Command {
        guard words(arguments).isEmpty else { throw usage(text) }
        return command
    }

    // msg = 1*DIGIT, a positive message number (RFC 1939 §3); 0 and numbers beyond the maildrop are
    // left to the machine, which knows the maildrop ("no such message").
    private static func messageNumber(_ word: ArraySlice<UInt8>) -> Int? {
        guard !word.isEmpty, word.count <= 9, word.allSatisfy({ (48...57).contains($0) }) else { return nil }
        return Int(String(decoding: word, as: UTF8.self))
    }

    private static func number(_ arguments: ArraySlice<UInt8>, usage text: String) throws(POP3SyntaxError) -> Int {
        let words = words(arguments)
        guard words.count == 1 else { throw usage(text) }
        guard let number = messageNumber(words[0]) else { throw invalidNumber }
        return number
    }

    private static func optionalNumber(_ arguments: ArraySlice<UInt8>, usage text: String) throws(POP3SyntaxError) -> Int? {
        words(arguments).isEmpty ? nil : try number(arguments, usage: text)
    }

    static let invalidNumber = POP3SyntaxError(.invalidArguments, "Invalid message number.")

    // top = "TOP" SP msg SP n; n = 1*DIGIT, may be 0 (RFC 1939 §7). A huge n means "all lines".
    private static func parseTop(_ arguments: ArraySlice<UInt8>) throws(POP3SyntaxError) -> POP3Command {
        let words = words(arguments)
        guard words.count == 2 else { throw usage("TOP msg n") }
        guard let message = messageNumber(words[0]) else { throw invalidNumber }
        guard !words[1].isEmpty, words[1].allSatisfy({ (48...57).contains($0) }) else {
            throw POP3SyntaxError(.invalidArguments, "Invalid number of lines.")
        }
        let lines = words[1].count > 18 ? Int.max : Int(String(decoding: words[1], as: UTF8.self)) ?? Int.max
        return .top(message, lines: lines)
    }

    // user = "USER" SP name: one word of UTF-8 without controls; trailing spaces forgiven.
    private static func name(_ arguments: ArraySlice<UInt8>, usage syntax: String) throws(POP3SyntaxError) -> String {
        let words = words(arguments)
        guard words.count == 1, let name = text(words[0]) else { throw usage(syntax) }
        return name
    }

    // pass = "PASS" SP string: everything after the first space, spaces included (RFC 1939 §7).
    private static func password(_ arguments: ArraySlice<UInt8>) throws(POP3SyntaxError) -> String {
        guard !arguments.isEmpty, let password = text(arguments) else { throw usage("PASS password") }
        return password
    }

    // auth = "AUTH" [SP sasl-mech [SP initial-response]]                     (RFC 5034 §4)
    // sasl-mech = 1*20(UPPER-ALPHA / DIGIT / "-" / "_")                       (RFC 4422 §3.1)
    // initial-response = base64 / "="
    private static func parseAuth(_ arguments: ArraySlice<UInt8>) throws(POP3SyntaxError) -> POP3Command {
        let words = words(arguments)
        guard words.count <= 2 else { throw usage("AUTH mechanism [initial-response]") }
        guard let first = words.first else { return .auth(mechanism: nil, initialResponse: nil) }
        let isMechanismCharacter = { (b: UInt8) in
            (65...90).contains(b) || (97...122).contains(b) || (48...57).contains(b) || b == 45 || b == 95
        }
        guard first.count <= 20, first.allSatisfy(isMechanismCharacter) else {
            throw usage("AUTH mechanism [initial-response]")
        }
        let mechanism = String(decoding: first.map(upper), as: UTF8.self)
        guard words.count == 2 else { return .auth(mechanism: mechanism, initialResponse: nil) }
        let isBase64 = { (b: UInt8) in
            (65...90).contains(b) || (97...122).contains(b) || (48...57).contains(b) || b == 43 || b == 47 || b == 61
        }
        guard words[1].allSatisfy(isBase64) else { throw usage("AUTH mechanism [initial-response]") }
        return .auth(mechanism: mechanism, initialResponse: String(decoding: words[1], as: UTF8.self))
    }

    /// An argument as text: valid UTF-8 without controls (a NUL or CR would cut the credentials short
    /// further down).
    private static func text(_ bytes: ArraySlice<UInt8>) -> String? {
        guard !bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    static func upper(_ byte: UInt8) -> UInt8 {
        (97...122).contains(byte) ? byte - 32 : byte
    }
}
