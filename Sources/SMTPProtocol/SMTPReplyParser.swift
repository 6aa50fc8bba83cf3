import MailCore
import NIOCore

/// Assembles SMTP replies from the lines a client reads (RFC 5321 §4.2, §4.2.1), for the client side.
///
/// Theory of operation: feed each line (CRLF removed) to ``parse(_:)``. A line whose fourth character is
/// `-` continues the reply and yields `nil`; a line with a space or nothing after the code completes it.
/// Every line of one reply must carry the same code. When a line's text begins with an RFC 3463 code
/// whose class matches the reply's first digit, it is taken as the enhanced code (RFC 2034 §4) and
/// removed from the text. A malformed line throws and resets the parser.
public struct SMTPReplyParser: Sendable {
    /// Why a reply line could not be parsed.
    public struct Error: Swift.Error, Hashable, Sendable {
        /// The offending line, for the log.
        public let line: String
    }

    private var pendingCode: ReplyCode?
    private var pendingEnhanced: EnhancedStatusCode?
    private var pendingLines: [String] = []

    public init() {}

    /// Lines of a multi-line reply read so far: a client bounds it, as a reply may never end.
    public var pendingLineCount: Int { pendingLines.count }

    // Reply-line = *( Reply-code "-" [ textstring ] CRLF ) Reply-code [ SP textstring ] CRLF
    // Reply-code = %x32-35 %x30-35 %x30-39
    /// Takes one line; returns the reply when this line completes it.
    public mutating func parse(_ line: ByteBuffer) throws(Error) -> SMTPReply? {
        try parse(String(decoding: line.readableBytesView, as: UTF8.self))
    }

    /// Takes one line as text; returns the reply when this line completes it.
    public mutating func parse(_ line: String) throws(Error) -> SMTPReply? {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, bytes[0..<3].allSatisfy({ (48...57).contains($0) }),
              let code = ReplyCode(rawValue: Int(String(decoding: bytes[0..<3], as: UTF8.self))!),
              pendingCode == nil || pendingCode == code
        else { return try fail(line) }
        let separator: UInt8? = bytes.count > 3 ? bytes[3] : nil
        guard separator == nil || separator == UInt8(ascii: "-") || separator == UInt8(ascii: " ") else {
            return try fail(line)
        }
        var text = bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : ""
        let firstWord = text.prefix { $0 != " " }
        if let enhanced = EnhancedStatusCode(firstWord), enhanced.class == code.kind,
           pendingCode == nil || pendingEnhanced == enhanced {
            if pendingCode == nil { pendingEnhanced = enhanced }
            text = String(text.dropFirst(firstWord.count).drop { $0 == " " })
        }
        pendingCode = code
        pendingLines.append(text)
        guard separator != UInt8(ascii: "-") else { return nil }
        let reply = SMTPReply(code, pendingEnhanced, lines: pendingLines)
        self = SMTPReplyParser()
        return reply
    }

    private mutating func fail(_ line: String) throws(Error) -> SMTPReply? {
        self = SMTPReplyParser()
        throw Error(line: line)
    }
}
