/// The settings of one POP3 listener (RFC 1939; STLS RFC 2595; SASL RFC 5034), filled by the driver
/// from main.cf and the connection.
public struct POP3ServerConfiguration: Sendable, Hashable {
    /// The greeting text after `+OK` (RFC 1939 §4). Default `mailroom ready.`
    public var greeting: String
    /// STLS is offered (a certificate is configured and the connection is not implicit TLS; RFC 2595 §4).
    public var offersSTLS: Bool
    /// The connection is already under TLS (pop3s, port 995).
    public var tlsActive: Bool
    /// Plaintext logins (USER/PASS, SASL PLAIN) are allowed without TLS: Dovecot's
    /// `disable_plaintext_auth = no`, or a client in `login_trusted_networks`. Under TLS they always are.
    public var allowsPlaintextWithoutTLS: Bool
    /// The SASL mechanisms offered in CAPA and accepted by AUTH (RFC 5034 §4). Default `PLAIN`.
    public var authenticationMechanisms: [String]
    /// `-ERR` responses tolerated before the session is closed (Dovecot's bad-command limit). Default 10.
    public var errorLimit: Int

    public init(greeting: String = "mailroom ready.", offersSTLS: Bool = false, tlsActive: Bool = false,
                allowsPlaintextWithoutTLS: Bool = false, authenticationMechanisms: [String] = ["PLAIN"],
                errorLimit: Int = 10) {
        self.greeting = greeting
        self.offersSTLS = offersSTLS
        self.tlsActive = tlsActive
        self.allowsPlaintextWithoutTLS = allowsPlaintextWithoutTLS
        self.authenticationMechanisms = authenticationMechanisms
        self.errorLimit = errorLimit
    }
}
