/// The settings of one IMAP listener (RFC 9051; STARTTLS §6.2.1; LOGINDISABLED §6.2.3), filled by the
/// driver from main.cf and the connection.
public struct IMAPServerConfiguration: Sendable, Hashable {
    /// The greeting text after `* OK [CAPABILITY ...]` (RFC 9051 §7.1.1). Default `mailroom ready.`
    public var greeting: String
    /// STARTTLS is offered: a certificate is configured and the connection is not implicit TLS.
    public var offersSTARTTLS: Bool
    /// The connection is already under TLS (imaps, port 993).
    public var tlsActive: Bool
    /// Plaintext logins (LOGIN, AUTHENTICATE PLAIN and LOGIN) are allowed without TLS: Dovecot's
    /// `disable_plaintext_auth = no`, or a client in `login_trusted_networks`. Under TLS they always are;
    /// otherwise the server advertises LOGINDISABLED and answers `NO [PRIVACYREQUIRED]` (RFC 9051 §6.2.3).
    public var allowsPlaintextWithoutTLS: Bool
    /// The parser's limits, from which APPENDLIMIT (RFC 7889) and LITERAL+ or LITERAL- (RFC 7888) follow.
    public var limits: IMAPLimits
    /// `BAD` responses tolerated before the session is closed with `* BYE` (Dovecot closes after a run
    /// of invalid commands; RFC 9051 §7.1.5 lets a server end a session it cannot serve). Default 10.
    public var badCommandLimit: Int
    /// Failed logins (wrong credentials) tolerated on one connection; the last is answered, then
    /// `* BYE` (Dovecot's login process gives up after 3). The driver also delays each failure.
    public var loginFailureLimit: Int
    /// Capabilities the storage behind the driver implements beyond what this machine knows, such as
    /// `CONDSTORE` or `UTF8=ACCEPT`, advertised after login. ENABLE accepts `CONDSTORE` and
    /// `UTF8=ACCEPT` only when they are here (RFC 5161 §3.1: only what is advertised can be enabled).
    public var additionalCapabilities: [String]
    /// The `* ID` answer's fields (RFC 2971 §3.2).
    public var identity: [IDParameter]

    public init(greeting: String = "mailroom ready.", offersSTARTTLS: Bool = false, tlsActive: Bool = false,
                allowsPlaintextWithoutTLS: Bool = false, limits: IMAPLimits = IMAPLimits(), badCommandLimit: Int = 10,
                loginFailureLimit: Int = 3, additionalCapabilities: [String] = [], identity: [IDParameter] = [IDParameter("name", "mailroom")]) {
        self.greeting = greeting
        self.offersSTARTTLS = offersSTARTTLS
        self.tlsActive = tlsActive
        self.allowsPlaintextWithoutTLS = allowsPlaintextWithoutTLS
        self.limits = limits
        self.badCommandLimit = badCommandLimit
        self.loginFailureLimit = loginFailureLimit
        self.additionalCapabilities = additionalCapabilities
        self.identity = identity
    }

    /// True when `capability` is among ``additionalCapabilities`` (capability names are case-insensitive).
    func advertises(_ capability: String) -> Bool {
        additionalCapabilities.contains { $0.uppercased() == capability }
    }
}
