/// Turns what `sendmail` reads on stdin into a message for the queue, streaming: line ends (LF, CRLF,
/// and a bare CR, which RFC 5322 §2.3 forbids in a body) become CRLF (RFC 5322 §2.1), so the queue never
/// holds a CR or LF that another server could read as a line end when we could not; a lone `.` ends
/// the input unless `-i`, `Bcc:` is removed, and the header
/// fields Postfix's cleanup(8) adds to locally submitted mail when they are missing are added:
/// `From:`, `Date:` and `Message-ID:` (RFC 5322 §3.6: From and Date are required).
///
/// Theory of operation: bytes are fed with ``feed(_:)``, which returns the output ready so far. Until
/// the end of the header section (an empty line, or a line that is not a header field) lines are
/// held, so that fields can be inspected, recipients collected (`-t`) and missing ones added; after
/// it, every complete line is passed through at once. ``finish()`` flushes a last unterminated line.
public struct LocalMessageFilter {
    /// What the filter adds to a message that lacks it.
    public struct Defaults: Sendable {
        /// `From:` value when missing (`user@myorigin`, with the full name).
        public var from: String
        /// `Date:` value when missing (RFC 5322 date-time).
        public var date: String
        /// `Message-ID:` value when missing (`<…@myhostname>`).
        public var messageID: String

        /// The values to add.
        public init(from: String, date: String, messageID: String) {
            self.from = from
            self.date = date
            self.messageID = messageID
        }
    }

    private let defaults: Defaults
    private let dotEndsMessage: Bool
    private var partial: [UInt8] = []
    /// The last byte was a CR: the line has ended, by CRLF or by a bare CR.
    private var pendingCR = false
    private var headerLines: [[UInt8]] = []
    private var inHeader = true
    /// True once a lone `.` ended the input; later bytes are ignored.
    public private(set) var ended = false
    /// Addresses from `To:`, `Cc:` and `Bcc:` (for `-t`).
    public private(set) var headerRecipients: [String] = []

    /// A filter; `dotEndsMessage` is false with `-i`.
    public init(defaults: Defaults, dotEndsMessage: Bool) {
        self.defaults = defaults
        self.dotEndsMessage = dotEndsMessage
    }

    /// Feeds input bytes; returns the message bytes that are ready.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        for byte in bytes where !ended {
            if pendingCR {
                pendingCR = false
                endLine(into: &output)
                if byte == UInt8(ascii: "\n") { continue }
                if ended { break }
            }
            switch byte {
            case UInt8(ascii: "\r"): pendingCR = true
            case UInt8(ascii: "\n"): endLine(into: &output)
            default: partial.append(byte)
            }
        }
        return output
    }

    /// The rest of the message once the input has ended.
    public mutating func finish() -> [UInt8] {
        var output: [UInt8] = []
        if pendingCR, !ended {
            pendingCR = false
            endLine(into: &output)
        }
        if !partial.isEmpty, !ended { take(line: partial, into: &output) }
        partial = []
        if inHeader { endHeader(into: &output, separator: true) }
        return output
    }

    private mutating func endLine(into output: inout [UInt8]) {
        take(line: partial, into: &output)
        partial.removeAll(keepingCapacity: true)
    }

    private mutating func take(line: [UInt8], into output: inout [UInt8]) {
        if dotEndsMessage, line == [UInt8(ascii: ".")] {
            ended = true
            if inHeader { endHeader(into: &output, separator: true) }
            return
        }
        if inHeader {
            if line.isEmpty {
                endHeader(into: &output, separator: true)
                return
            }
            if HeaderField.isContinuation(line) || HeaderField.name(of: line) != nil {
                headerLines.append(line)
                return
            }
            // Not a header field: the header section ended without its empty line; add one.
            endHeader(into: &output, separator: true)
        }
        output += line + [13, 10]
    }

    private mutating func endHeader(into output: inout [UInt8], separator: Bool) {
        inHeader = false
        let fields = HeaderField.group(headerLines)
        var present: Set<String> = []
        for field in fields {
            guard let name = HeaderField.name(of: field[0]) else { continue }
            present.insert(name)
            if ["to", "cc", "bcc"].contains(name) {
                headerRecipients += HeaderField.addresses(in: HeaderField.value(of: field))
            }
        }
        if !present.contains("from") { output += Array("From: \(defaults.from)\r\n".utf8) }
        if !present.contains("date") { output += Array("Date: \(defaults.date)\r\n".utf8) }
        if !present.contains("message-id") { output += Array("Message-ID: \(defaults.messageID)\r\n".utf8) }
        for field in fields where HeaderField.name(of: field[0]) != "bcc" {
            for line in field { output += line + [13, 10] }
        }
        headerLines = []
        if separator { output += [13, 10] }
    }
}
