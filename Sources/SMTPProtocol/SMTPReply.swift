import MailCore
import NIOCore

/// One SMTP reply: a code, an optional enhanced status code and one or more text lines
/// (RFC 5321 §4.2; enhanced codes RFC 3463 placed as in RFC 2034 §4).
///
///     Reply-line = *( Reply-code "-" [ textstring ] CRLF )
///                     Reply-code [ SP textstring ] CRLF
///
/// On the wire the enhanced code, when present, follows the reply code on every line
/// (`250-2.0.0 first` / `250 2.0.0 last`), as RFC 2034 §4 requires for multi-line replies.
public struct SMTPReply: Hashable, Sendable, CustomStringConvertible {
    /// The reply code, shared by every line.
    public var code: ReplyCode
    /// The enhanced status code, or `nil` (greetings and EHLO replies carry none, RFC 2034 §3).
    public var enhancedCode: EnhancedStatusCode?
    /// The text lines, at least one (possibly empty); never containing CR or LF.
    public var lines: [String]

    /// A reply with the given lines; an empty list becomes one empty line.
    public init(_ code: ReplyCode, _ enhancedCode: EnhancedStatusCode? = nil, lines: [String]) {
        self.code = code
        self.enhancedCode = enhancedCode
        self.lines = lines.isEmpty ? [""] : lines
    }

    /// A single-line reply.
    public init(_ code: ReplyCode, _ enhancedCode: EnhancedStatusCode? = nil, _ text: String) {
        self.init(code, enhancedCode, lines: [text])
    }

    /// The lines joined with a space, for logs and tests.
    public var text: String { lines.joined(separator: " ") }

    /// True for 4yz and 5yz replies.
    public var isFailure: Bool { code.isFailure }

    public var description: String { wireFormat.split(separator: "\r\n").joined(separator: "\\r\\n") }
}

// MARK: - Encoding

extension SMTPReply {
    /// The reply as sent: every line ends in CRLF.
    public var wireFormat: String {
        var out = ""
        for (index, line) in lines.enumerated() {
            out += code.description
            out += index == lines.count - 1 ? " " : "-"
            if let enhancedCode { out += enhancedCode.description + (line.isEmpty ? "" : " ") }
            out += Self.sanitised(line)
            // RFC 4954 §4: `continue-req = "334" SP [base64] CRLF` keeps its space even when the
            // challenge is empty (clients such as s-nail read it as part of the reply).
            if out.hasSuffix(" "), line.isEmpty, code != .authContinue { out.removeLast() }
            out += "\r\n"
        }
        return out
    }

    /// Appends the wire form to `buffer`.
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeString(wireFormat)
    }

    /// A CR or LF inside a text line would let the text forge further replies; they become spaces.
    private static func sanitised(_ line: String) -> String {
        guard line.utf8.contains(where: { $0 == 13 || $0 == 10 }) else { return line }
        return String(line.map { $0 == "\r" || $0 == "\n" || $0 == "\r\n" ? " " : $0 })
    }
}
