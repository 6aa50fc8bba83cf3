import SMTPProtocol

/// One command of the local submission protocol, which `mailroom sendmail` speaks to the server's
/// `public/sendmail` socket. It borrows SMTP's shape (one command per line, RFC 5321 §4.2 replies,
/// a dot-stuffed body after `354`, RFC 5321 §4.5.2) with its own verbs, so that no SMTP client can
/// be pointed at the socket by mistake and no SMTP feature (AUTH, STARTTLS, relaying) is reachable.
///
///     command   = ( "SENDER" SP path / "RECIPIENT" SP path / "DATA" / "QUIT" ) CRLF
///     path      = "<" *254achar ">"          ; "<>" is the null sender
///     achar     = %x21-3B / %x3D / %x3F-7E / UTF8-non-ascii   ; no space, control, "<" or ">"
///
/// Verbs are upper case; a bare LF ends a line as well as CRLF.
public enum LocalSubmissionCommand: Hashable, Sendable {
    /// `SENDER <addr>`: the sender asked for (`sendmail -f`); the server decides whether it is allowed.
    case sender(String)
    /// `RECIPIENT <addr>`: one recipient, routed by the server.
    case recipient(String)
    /// `DATA`: the body follows once the server answers `354`.
    case data
    /// `QUIT`: the client leaves.
    case quit

    /// Why a line is not a command, with the reply that says so.
    public struct SyntaxError: Error, Hashable, Sendable {
        /// `500 5.5.1` for an unknown verb, `501 5.5.4` for a bad argument.
        public let reply: SMTPReply
    }

    /// Parses one line (its line end removed). Never traps on any input.
    public init(parsing line: some Collection<UInt8>) throws(SyntaxError) {
        let bytes = Array(line)
        let space = bytes.firstIndex(of: UInt8(ascii: " ")) ?? bytes.endIndex
        let verb = String(decoding: bytes[..<space], as: UTF8.self)
        let argument = space < bytes.endIndex ? Array(bytes[(space + 1)...]) : nil
        switch (verb, argument) {
        case ("SENDER", let argument?): self = .sender(try Self.path(argument))
        case ("RECIPIENT", let argument?): self = .recipient(try Self.path(argument))
        case ("DATA", nil): self = .data
        case ("QUIT", nil): self = .quit
        case ("SENDER", nil), ("RECIPIENT", nil), ("DATA", _), ("QUIT", _):
            throw SyntaxError(reply: SMTPReply(.parameterSyntaxError, .invalidArguments, "Syntax error in parameters"))
        default:
            throw SyntaxError(reply: SMTPReply(.syntaxError, .invalidCommand, "Command unrecognized"))
        }
    }

    // path = "<" *254achar ">"
    private static func path(_ bytes: [UInt8]) throws(SyntaxError) -> String {
        let refused = SyntaxError(reply: SMTPReply(.parameterSyntaxError, .badDestinationSyntax, "Bad address syntax"))
        guard bytes.count >= 2, bytes.first == UInt8(ascii: "<"), bytes.last == UInt8(ascii: ">") else { throw refused }
        let inner = bytes[1..<(bytes.count - 1)]
        guard inner.count <= LocalSubmissionLimits.pathLength,
              inner.allSatisfy({ $0 >= 0x80 || ((0x21...0x7E).contains($0) && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">")) }),
              let address = String(validating: inner, as: UTF8.self)
        else { throw refused }
        return address
    }
}

// MARK: - Encoding

extension LocalSubmissionCommand {
    /// The command as the client sends it, with CRLF.
    public var line: String {
        switch self {
        case .sender(let address): "SENDER <\(address)>\r\n"
        case .recipient(let address): "RECIPIENT <\(address)>\r\n"
        case .data: "DATA\r\n"
        case .quit: "QUIT\r\n"
        }
    }
}
