/// A user name and password for a SASL login mailroom makes as a client (SMTP AUTH to a relay host,
/// RFC 4954), as `smtp_sasl_password_maps` gives them.
public struct SASLCredentials: Sendable, Hashable {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }
}
