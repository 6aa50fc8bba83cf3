/// Why one recipient did not get the message (yet): an RFC 3463 status and an RFC 3464 diagnostic.
///
/// A status of class 5 is permanent (the recipient bounces); class 4 is temporary (the message stays
/// queued and is retried). The diagnostic is what the bounce's `Diagnostic-Code:` field carries:
/// for a remote server its reply (`smtp; 550 5.1.1 <bob@example.org>: user unknown`), for a local
/// mailbox the equivalent reply mailroom's LMTP would give.
public struct DeliveryFailure: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The RFC 3463 enhanced status code, such as `5.1.1`.
    public var status: String
    /// The RFC 3464 §2.3.6 diagnostic type: `smtp` for a reply text.
    public var diagnosticType: String
    /// The diagnostic text, such as `550 5.1.1 <bob@example.org>: user unknown`; one line.
    public var diagnostic: String
    /// The server that gave the reply, as the log names it (`mx.example.org[192.0.2.1]:25`); `nil`
    /// for a failure found here.
    public var relay: String?

    public init(status: String, diagnosticType: String = "smtp", diagnostic: String) {
        self.status = status
        self.diagnosticType = diagnosticType
        self.diagnostic = Self.oneLine(diagnostic)
    }

    /// A failure described by its status and a reason, with the reply code that goes with the status:
    /// `550` (`552` for a full mailbox, RFC 3463 §3.3) or `450`.
    public init(status: String, reason: String) {
        let code = switch status {
        case "5.2.2", "5.3.4": "552"
        case _ where status.hasPrefix("5"): "550"
        default: "450"
        }
        self.init(status: status, diagnostic: "\(code) \(status) \(reason)")
    }

    /// Whether the recipient bounces now rather than being retried.
    public var isPermanent: Bool { status.hasPrefix("5") }

    public var description: String { diagnostic }

    /// `text` with every control character (CR and LF above all) replaced by a space: diagnostics and
    /// server replies end up in header-like DSN fields and in log lines, one line each.
    public static func oneLine(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
    }
}

/// The outcome of one delivery attempt to one recipient.
public enum RecipientResult: Sendable, Hashable {
    /// The recipient's mailbox or server took the message; the text says where, or what the server
    /// replied, and `relay` names the server (for the log). `dsnPassedOn`: the server supports DSN
    /// and was given the recipient's `NOTIFY`, so it, not mailroom, reports success (RFC 3461 §6.2).
    case delivered(String, relay: String? = nil, dsnPassedOn: Bool = false)
    /// It did not; permanent or temporary as ``DeliveryFailure/isPermanent`` says.
    case failed(DeliveryFailure)
}
