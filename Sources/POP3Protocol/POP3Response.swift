import MailCore
import NIOCore

/// One POP3 server response: a status indicator, an optional RFC 2449 §8 response code and text, and,
/// for multi-line responses, the data lines (RFC 1939 §3).
///
///     single-line = status [SP [resp-code SP] text] CRLF      (RFC 2449 §3, §8)
///     multi-line  = single-line *dot-stuffed-line "." CRLF
///     status      = "+OK" / "-ERR"
///
/// A data line that starts with `.` is sent with a second `.` in front (RFC 1939 §3). Message bodies are
/// too large to be data lines; they stream through ``DotStuffer`` instead. A SASL continuation
/// (`+ base64`, RFC 5034 §4) is a response of its own kind.
public struct POP3Response: Hashable, Sendable, CustomStringConvertible {
    /// The status indicator.
    public enum Status: Hashable, Sendable {
        /// `+OK`.
        case ok
        /// `-ERR`.
        case error
        /// `+ ` followed by a base64 challenge (RFC 5034 §4).
        case continuation
    }

    public var status: Status
    /// The extended response code, for `-ERR` only.
    public var code: POP3ResponseCode?
    /// The text of the status line (the challenge, for a continuation).
    public var text: String
    /// The data lines of a multi-line response, unstuffed; `nil` for a single-line response.
    public var lines: [String]?

    public init(_ status: Status, _ code: POP3ResponseCode? = nil, _ text: String, lines: [String]? = nil) {
        self.status = status
        self.code = code
        self.text = text
        self.lines = lines
    }

    /// `+OK text`.
    public static func ok(_ text: String, lines: [String]? = nil) -> POP3Response {
        POP3Response(.ok, nil, text, lines: lines)
    }

    /// `-ERR text`.
    public static func error(_ text: String) -> POP3Response {
        POP3Response(.error, nil, text)
    }

    /// `-ERR [code] text` (RFC 2449 §8).
    public static func error(_ code: POP3ResponseCode, _ text: String) -> POP3Response {
        POP3Response(.error, code, text)
    }

    /// `+ base64` (RFC 5034 §4; an empty challenge keeps its space).
    public static func continuation(_ base64: String) -> POP3Response {
        POP3Response(.continuation, nil, base64)
    }

    public var isError: Bool { status == .error }

    public var description: String { wireFormat.split(separator: "\r\n").joined(separator: "\\r\\n") }
}

// MARK: - Encoding

extension POP3Response {
    /// The response as sent: every line ends in CRLF; a multi-line response ends with `.` CRLF.
    public var wireFormat: String {
        var out: String
        switch status {
        case .ok: out = "+OK"
        case .error: out = "-ERR"
        case .continuation: out = "+"
        }
        if let code { out += " [\(code.rawValue)]" }
        let text = Self.sanitised(text)
        if !text.isEmpty || status == .continuation { out += " " + text }
        out += "\r\n"
        if let lines {
            for line in lines {
                let line = Self.sanitised(line)
                out += line.hasPrefix(".") ? "." + line : line
                out += "\r\n"
            }
            out += ".\r\n"
        }
        return out
    }

    /// Appends the wire form to `buffer`.
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeString(wireFormat)
    }

    /// A CR or LF inside a text would let the text forge further responses; they become spaces.
    private static func sanitised(_ line: String) -> String {
        guard line.utf8.contains(where: { $0 == 13 || $0 == 10 }) else { return line }
        return String(line.map { $0 == "\r" || $0 == "\n" || $0 == "\r\n" ? " " : $0 })
    }
}
