import MailCore

/// What relay control needs to know about the SMTP client (Postfix `permit_mynetworks`,
/// `permit_sasl_authenticated`).
public struct ClientContext: Sendable, Hashable {
    /// The client's IP address; `nil` for local submissions that have none (the `sendmail` command
    /// should pass `isAuthenticated: true` instead, as Postfix's pickup trusts local users).
    public var address: IPAddress?
    /// True after a successful SMTP AUTH (RFC 4954).
    public var isAuthenticated: Bool

    /// A client at `address`, authenticated or not.
    public init(address: IPAddress?, isAuthenticated: Bool) {
        self.address = address
        self.isAuthenticated = isAuthenticated
    }
}
