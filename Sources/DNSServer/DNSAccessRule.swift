import DNSProtocol
import MailCore

/// Who may do something (query a zone, transfer it): BIND's address match lists as the DNS server
/// sees them, a predicate over the client's address and the TSIG key that signed the request.
public struct DNSAccessRule: Sendable {
    private let predicate: @Sendable (_ client: IPAddress?, _ keyName: DNSName?) -> Bool

    /// A rule from a predicate; `keyName` is `nil` for unsigned requests.
    public init(_ predicate: @escaping @Sendable (_ client: IPAddress?, _ keyName: DNSName?) -> Bool) {
        self.predicate = predicate
    }

    /// Everyone (`{ any; }`).
    public static let anyone = DNSAccessRule { _, _ in true }
    /// No one (`{ none; }`).
    public static let noOne = DNSAccessRule { _, _ in false }

    /// True when the client, signed with `keyName` (if any), is allowed.
    public func allows(_ client: IPAddress?, keyName: DNSName?) -> Bool {
        predicate(client, keyName)
    }
}
