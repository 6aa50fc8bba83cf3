import MailCore

/// Dovecot's `disable_plaintext_auth` with `login_trusted_networks`: whether a password may cross a
/// connection in the clear. Loopback counts as trusted, as in Dovecot; TLS always allows it
/// (RFC 4954 §4, RFC 2595 §2.3).
public struct PlaintextLoginPolicy: Sendable, Hashable {
    /// `disable_plaintext_auth`.
    public var disablePlaintextAuth: Bool
    /// `login_trusted_networks`.
    public var trustedNetworks: [IPNetwork]

    /// A policy from the two settings.
    public init(disablePlaintextAuth: Bool, trustedNetworks: [IPNetwork]) {
        self.disablePlaintextAuth = disablePlaintextAuth
        self.trustedNetworks = trustedNetworks
    }

    private static let loopback = [IPNetwork("127.0.0.0/8")!, IPNetwork("::1/128")!]

    /// True when a client at `address` may send a plaintext password without TLS.
    public func allowsPlaintextWithoutTLS(from address: IPAddress?) -> Bool {
        guard disablePlaintextAuth else { return true }
        guard let address = address?.unmapped else { return false }
        return (Self.loopback + trustedNetworks).contains { $0.contains(address) }
    }
}
