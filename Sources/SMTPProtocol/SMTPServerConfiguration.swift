/// What one SMTP or LMTP listener offers and enforces; filled by the app from `main.cf`
/// (RFC 5321 §4.5.3.1 limits; submission RFC 6409 §4.3; LMTP RFC 2033).
public struct SMTPServerConfiguration: Sendable, Hashable {
    /// Which protocol the listener speaks.
    public enum Mode: Sendable, Hashable {
        /// Port 25 relay/MX service (RFC 5321).
        case smtp
        /// Message submission, ports 587/465 (RFC 6409): AUTH offered, usually required.
        case submission
        /// Local delivery (RFC 2033): LHLO, one reply per recipient after the data, no AUTH.
        case lmtp
    }

    /// When AUTH may be used (Postfix `smtpd_sasl_auth_enable`, `smtpd_tls_auth_only`; Dovecot
    /// `disable_plaintext_auth`). The driver picks it; the machine applies it against its TLS state.
    public enum AuthenticationPolicy: Sendable, Hashable {
        /// AUTH is neither offered nor accepted.
        case disabled
        /// AUTH is offered with or without TLS.
        case enabled
        /// AUTH is offered only under TLS; before it, AUTH gets `538 5.7.11` (RFC 4954 §6).
        case enabledUnderTLS
    }

    /// Our name, for the greeting, EHLO reply and 221/421 (Postfix `myhostname`).
    public var hostname: String
    public var mode: Mode
    /// The largest message in octets, announced in SIZE (RFC 1870); `nil` for no limit
    /// (Postfix `message_size_limit`, default 10240000).
    public var maximumMessageSize: Int?
    /// Accepted recipients per transaction (Postfix `smtpd_recipient_limit`, default 1000; RFC 5321
    /// §4.5.3.1.8 requires at least 100).
    public var recipientLimit: Int
    /// Error replies after which the session ends with `421 4.7.0` (Postfix `smtpd_hard_error_limit`, 20).
    public var errorLimit: Int
    /// Whether STARTTLS is offered when TLS is not yet active (RFC 3207).
    public var offersSTARTTLS: Bool
    /// TLS is already active at connect (implicit TLS, port 465, RFC 8314 §3.3).
    public var tlsActive: Bool
    /// MAIL, RCPT and AUTH need TLS first: `530 5.7.0 Must issue a STARTTLS command first` (RFC 3207 §4;
    /// Postfix `smtpd_tls_security_level = encrypt`).
    public var requiresTLS: Bool
    /// When AUTH is usable.
    public var authentication: AuthenticationPolicy
    /// Mechanisms announced and accepted, upper-case (the driver's SASL implementations).
    public var authenticationMechanisms: [String]
    /// MAIL needs a successful AUTH first (RFC 6409 §4.3, RFC 4954 §6: `530 5.7.0`).
    public var requiresAuthentication: Bool
    /// The greeting text after `220`; `nil` for "`hostname` ESMTP" (Postfix `smtpd_banner`).
    public var banner: String?
    /// What a line end other than CRLF gets, in commands and bodies (Postfix `smtpd_forbid_bare_newline`).
    public var bareLineEnds: DataStreamDecoder.BareLineEndPolicy
    /// A message whose `Received:` fields, with the one this server adds, reach this many is refused as
    /// looping, `554 5.4.6` (Postfix `hopcount_limit`, 50).
    public var hopCountLimit: Int

    /// A configuration with Postfix's defaults for everything but the name and mode.
    public init(
        hostname: String,
        mode: Mode = .smtp,
        maximumMessageSize: Int? = SMTPLimits.defaultMessageSize,
        recipientLimit: Int = SMTPLimits.defaultRecipientLimit,
        errorLimit: Int = SMTPLimits.defaultErrorLimit,
        offersSTARTTLS: Bool = false,
        tlsActive: Bool = false,
        requiresTLS: Bool = false,
        authentication: AuthenticationPolicy = .disabled,
        authenticationMechanisms: [String] = ["PLAIN", "LOGIN"],
        requiresAuthentication: Bool = false,
        banner: String? = nil,
        bareLineEnds: DataStreamDecoder.BareLineEndPolicy = .normalize,
        hopCountLimit: Int = SMTPLimits.defaultHopCountLimit
    ) {
        self.hostname = hostname
        self.mode = mode
        self.maximumMessageSize = maximumMessageSize
        self.recipientLimit = recipientLimit
        self.errorLimit = errorLimit
        self.offersSTARTTLS = offersSTARTTLS
        self.tlsActive = tlsActive
        self.requiresTLS = requiresTLS
        self.authentication = authentication
        self.authenticationMechanisms = authenticationMechanisms
        self.requiresAuthentication = requiresAuthentication
        self.banner = banner
        self.bareLineEnds = bareLineEnds
        self.hopCountLimit = hopCountLimit
    }
}
