import MailCore
import NIOCore

// MARK: - Verb dispatch (RFC 5321 §4.1.1; verbs are case-insensitive, §2.4)

extension SMTPCommand {
    /// Parses one command line, CRLF already removed.
    ///
    /// Arguments of MAIL and RCPT may contain UTF-8; whether that is allowed depends on the transaction's
    /// SMTPUTF8 (RFC 6531 §3.4), which the server machine checks, not the grammar.
    public init(parsing line: ByteBuffer) throws(SMTPSyntaxError) {
        try self.init(parsing: Array(line.readableBytesView))
    }

    /// Parses one command line given as text, CRLF already removed.
    public init(parsing line: String) throws(SMTPSyntaxError) {
        try self.init(parsing: Array(line.utf8))
    }

    // command = verb [SP arguments]
    // verb    = 1*ALPHA
    init(parsing bytes: [UInt8]) throws(SMTPSyntaxError) {
        var cursor = ByteCursor(bytes)
        let verbBytes = cursor.take(while: \.isASCIILetter)
        guard !verbBytes.isEmpty, cursor.isAtEnd || cursor.peek == UInt8(ascii: " ") else {
            throw Self.unrecognized
        }
        let verb = String(decoding: verbBytes.map(ByteCursor.upper), as: UTF8.self)
        guard let parse = Self.verbs[verb] else {
            throw Self.unimplementedVerbs.contains(verb) ? Self.unimplemented : Self.unrecognized
        }
        _ = cursor.take(UInt8(ascii: " "))
        self = try parse(&cursor)
    }

    typealias VerbParser = @Sendable (inout ByteCursor) throws(SMTPSyntaxError) -> SMTPCommand

    /// The verb table.
    static let verbs: [String: VerbParser] = [
        "HELO": { (c: inout ByteCursor) throws(SMTPSyntaxError) in .helo(try parseHeloName(&c, verb: "HELO")) },
        "EHLO": { (c: inout ByteCursor) throws(SMTPSyntaxError) in .ehlo(try parseHeloName(&c, verb: "EHLO")) },
        "LHLO": { (c: inout ByteCursor) throws(SMTPSyntaxError) in .lhlo(try parseHeloName(&c, verb: "LHLO")) },
        "MAIL": { (c: inout ByteCursor) throws(SMTPSyntaxError) in try parseMail(&c) },
        "RCPT": { (c: inout ByteCursor) throws(SMTPSyntaxError) in try parseRcpt(&c) },
        "DATA": { (c: inout ByteCursor) throws(SMTPSyntaxError) in try noArguments(&c, .data, syntax: "DATA") },
        "BDAT": { (c: inout ByteCursor) throws(SMTPSyntaxError) in try parseBdat(&c) },
        "RSET": { (c: inout ByteCursor) throws(SMTPSyntaxError) in try noArguments(&c, .rset, syntax: "RSET") },
        "NOOP": { (_: inout ByteCursor) throws(SMTPSyntaxError) in .noop },
        "QUIT": { (c: inout ByteCursor) throws(SMTPSyntaxError) in try noArguments(&c, .quit, syntax: "QUIT") },
        "VRFY": { (c: inout ByteCursor) throws(SMTPSyntaxError) in try parseVrfy(&c) },
        "HELP": { (c: inout ByteCursor) throws(SMTPSyntaxError) in
            let text = String(decoding: c.rest, as: UTF8.self).trimmingSpaces
            return .help(text.isEmpty ? nil : text)
        },
        "STARTTLS": { (c: inout ByteCursor) throws(SMTPSyntaxError) in
            try noArguments(&c, .startTLS, syntax: "STARTTLS")
        },
        "AUTH": { (c: inout ByteCursor) throws(SMTPSyntaxError) in try parseAuth(&c) },
    ]

    /// Verbs of RFC 5321 and its predecessors that mailroom knows but does not implement (§4.2.4: 502).
    static let unimplementedVerbs: Set<String> = ["EXPN", "TURN", "ETRN", "SEND", "SOML", "SAML", "ATRN"]

    static let unrecognized = SMTPSyntaxError(
        .unrecognizedCommand, SMTPReply(.syntaxError, .syntaxError, "Error: command not recognized"))
    static let unimplemented = SMTPSyntaxError(
        .unimplementedCommand, SMTPReply(.notImplemented, .invalidCommand, "Error: command not implemented"))

    static func syntax(_ usage: String) -> SMTPSyntaxError {
        SMTPSyntaxError(.invalidArguments, SMTPReply(.parameterSyntaxError, .invalidArguments, "Syntax: \(usage)"))
    }

    /// DATA, RSET, QUIT, STARTTLS take nothing; trailing white space is forgiven, as Postfix does.
    private static func noArguments(_ cursor: inout ByteCursor, _ command: SMTPCommand,
                                    syntax usage: String) throws(SMTPSyntaxError) -> SMTPCommand {
        cursor.skipSpaces()
        guard cursor.isAtEnd else { throw syntax(usage) }
        return command
    }

    // bdat-cmd   = "BDAT" SP chunk-size [ SP end-marker ] CRLF
    // chunk-size = 1*DIGIT
    // end-marker = "LAST"                                        (RFC 3030 §2)
    private static func parseBdat(_ cursor: inout ByteCursor) throws(SMTPSyntaxError) -> SMTPCommand {
        let digits = cursor.take(while: \.isASCIIDigit)
        guard !digits.isEmpty, digits.count <= 18, let size = Int(String(decoding: digits, as: UTF8.self)) else {
            throw syntax("BDAT size [LAST]")
        }
        var last = false
        if cursor.skipSpaces() > 0, cursor.takeCaseInsensitive("LAST") { last = true }
        cursor.skipSpaces()
        guard cursor.isAtEnd else { throw syntax("BDAT size [LAST]") }
        return .bdat(size: size, last: last)
    }

    // vrfy = "VRFY" SP String CRLF
    private static func parseVrfy(_ cursor: inout ByteCursor) throws(SMTPSyntaxError) -> SMTPCommand {
        guard let text = String(validUTF8: cursor.rest)?.trimmingSpaces, !text.isEmpty else {
            throw syntax("VRFY address")
        }
        return .vrfy(text)
    }

    // auth-command     = "AUTH" SP sasl-mech [SP initial-response]
    // sasl-mech        = 1*20mech-char
    // mech-char        = UPPER-ALPHA / DIGIT / HYPHEN / UNDERSCORE
    // initial-response = base64 / "="                            (RFC 4954 §4)
    private static func parseAuth(_ cursor: inout ByteCursor) throws(SMTPSyntaxError) -> SMTPCommand {
        let mechanism = cursor.take { $0.isASCIILetter || $0.isASCIIDigit || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
        guard (1...20).contains(mechanism.count) else { throw syntax("AUTH mechanism") }
        var response: String?
        if cursor.skipSpaces() > 0, !cursor.isAtEnd {
            let token = cursor.take { $0.isASCIILetter || $0.isASCIIDigit || Array("+/=".utf8).contains($0) }
            guard !token.isEmpty else { throw syntax("AUTH mechanism") }
            response = String(decoding: token, as: UTF8.self)
        }
        cursor.skipSpaces()
        guard cursor.isAtEnd else { throw syntax("AUTH mechanism") }
        return .auth(mechanism: String(decoding: mechanism.map(ByteCursor.upper), as: UTF8.self),
                     initialResponse: response)
    }
}

extension String {
    var trimmingSpaces: String {
        String(self.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
