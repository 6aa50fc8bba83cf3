import NIOCore

/// The status of a tagged or untagged condition response (RFC 9051 §7.1).
public enum ResponseStatus: String, Hashable, Sendable {
    /// Success (`OK`).
    case ok = "OK"
    /// Operational failure (`NO`).
    case no = "NO"
    /// Protocol error: unknown command or bad syntax (`BAD`).
    case bad = "BAD"
}

/// The completion of a command (RFC 9051 §7.1, `response-tagged = tag SP resp-cond-state CRLF`).
public struct TaggedResponse: Hashable, Sendable {
    public var tag: String
    public var status: ResponseStatus
    public var code: ResponseCode?
    /// Human-readable text; CR, LF and other controls are replaced by spaces when written.
    public var text: String

    public init(tag: String, status: ResponseStatus, code: ResponseCode? = nil, text: String) {
        self.tag = tag
        self.status = status
        self.code = code
        self.text = text
    }
}

/// A command continuation request (RFC 9051 §7.5, `continue-req = "+" SP (resp-text / base64) CRLF`).
public enum ContinuationRequest: Hashable, Sendable {
    /// `+ Ready for literal data`, `+ idling`.
    case text(String)
    /// A SASL challenge, already base64 (empty for the empty challenge: `+ ` CRLF).
    case challenge(String)
}

/// Anything the server writes, for drivers that queue responses of all kinds.
public enum ServerResponse: Hashable, Sendable {
    case continuation(ContinuationRequest)
    case untagged(UntaggedResponse)
    case tagged(TaggedResponse)
}

/// What the client has enabled that changes how responses are written.
public struct ResponseEncodingOptions: Hashable, Sendable {
    /// The protocol revision the session speaks.
    public enum Revision: Hashable, Sendable {
        /// RFC 3501: a client that never sent ENABLE IMAP4rev2.
        case imap4rev1
        /// RFC 9051: after ENABLE IMAP4rev2.
        case imap4rev2
    }

    public var revision: Revision
    /// ENABLE UTF8=ACCEPT (RFC 6855 §3) was accepted.
    public var utf8Accepted: Bool

    public init(revision: Revision = .imap4rev1, utf8Accepted: Bool = false) {
        self.revision = revision
        self.utf8Accepted = utf8Accepted
    }

    /// Mailbox names and quoted strings are UTF-8: IMAP4rev2 (RFC 9051 §5.1) or UTF8=ACCEPT. Otherwise
    /// names are modified UTF-7 and 8-bit strings are literals.
    public var usesUTF8: Bool { revision == .imap4rev2 || utf8Accepted }

    var stringStyle: IMAPString.Style { IMAPString.Style(utf8: usesUTF8, nonSynchronizing: false) }
}

// MARK: - Encoding

extension ResponseStatus {
    /// Writes `[code] text`: the `resp-text` after a status (RFC 9051 §9 `resp-text`).
    static func writeText(code: ResponseCode?, text: String, into buffer: inout ByteBuffer) {
        if let code {
            buffer.writeString("[\(code)]")
            if !text.isEmpty { buffer.writeInteger(UInt8(ascii: " ")) }
        }
        buffer.writeString(sanitized(text))
    }

    /// `text = 1*(TEXT-CHAR / UTF8-2 / UTF8-3 / UTF8-4)`: no CR, LF or other controls, which would let
    /// text end the line early and forge a response.
    static func sanitized(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
    }
}

extension TaggedResponse {
    /// Writes `tag SP status SP resp-text CRLF`.
    public func write(into buffer: inout ByteBuffer) {
        buffer.writeString("\(tag) \(status.rawValue) ")
        ResponseStatus.writeText(code: code, text: text, into: &buffer)
        buffer.writeStaticString("\r\n")
    }
}

extension ContinuationRequest {
    /// Writes `+ text` CRLF.
    public func write(into buffer: inout ByteBuffer) {
        switch self {
        case .text(let text): buffer.writeString("+ \(ResponseStatus.sanitized(text))\r\n")
        case .challenge(let base64): buffer.writeString("+ \(ResponseStatus.sanitized(base64))\r\n")
        }
    }
}

extension ServerResponse {
    /// Writes the response as `options` require.
    public func write(into buffer: inout ByteBuffer, options: ResponseEncodingOptions) {
        switch self {
        case .continuation(let request): request.write(into: &buffer)
        case .untagged(let response): response.write(into: &buffer, options: options)
        case .tagged(let response): response.write(into: &buffer)
        }
    }
}
