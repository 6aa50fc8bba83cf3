/// The three-digit code that opens every SMTP reply line (RFC 5321 §4.2, §4.2.2, §4.2.3;
/// 334/235/535/538 from RFC 4954 §4, §6; 555 from RFC 5321 §4.1.1.11).
///
/// Codes have names so that the machine reads `.mailboxUnavailable`, never `550`.
public struct ReplyCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The numeric code, 200...599.
    public let rawValue: Int

    /// A code from its number; `nil` outside the `2yz`–`5yz` range of RFC 5321 §4.2.1
    /// (`1yz` preliminary replies do not occur in SMTP).
    public init?(rawValue: Int) {
        guard (200...599).contains(rawValue), (rawValue / 10) % 10 <= 5 else { return nil }
        self.rawValue = rawValue
    }

    private init(_ value: Int) { self.rawValue = value }

    /// The first digit: 2 positive completion, 3 intermediate, 4 transient, 5 permanent (§4.2.1).
    public var kind: Int { rawValue / 100 }
    /// True for 4yz and 5yz replies.
    public var isFailure: Bool { kind >= 4 }

    public var description: String { String(rawValue) }

    // MARK: - Positive completion (2yz)

    /// 214 Help message.
    public static let helpMessage = ReplyCode(214)
    /// 220 `<domain>` Service ready.
    public static let serviceReady = ReplyCode(220)
    /// 221 `<domain>` Service closing transmission channel.
    public static let closing = ReplyCode(221)
    /// 235 Authentication succeeded (RFC 4954 §6).
    public static let authSucceeded = ReplyCode(235)
    /// 250 Requested mail action okay, completed.
    public static let ok = ReplyCode(250)
    /// 252 Cannot VRFY user, but will accept message and attempt delivery.
    public static let cannotVerify = ReplyCode(252)

    // MARK: - Intermediate (3yz)

    /// 334 Server challenge (RFC 4954 §4).
    public static let authContinue = ReplyCode(334)
    /// 354 Start mail input; end with `<CRLF>.<CRLF>`.
    public static let startMailInput = ReplyCode(354)

    // MARK: - Transient negative (4yz)

    /// 421 `<domain>` Service not available, closing transmission channel.
    public static let serviceNotAvailable = ReplyCode(421)
    /// 450 Requested mail action not taken: mailbox unavailable (e.g. busy).
    public static let mailboxBusy = ReplyCode(450)
    /// 451 Requested action aborted: local error in processing.
    public static let localError = ReplyCode(451)
    /// 452 Requested action not taken: insufficient system storage (also too many recipients).
    public static let insufficientStorage = ReplyCode(452)
    /// 454 Temporary authentication failure (RFC 4954 §6) / TLS not available (RFC 3207 §4).
    public static let temporaryFailure = ReplyCode(454)

    // MARK: - Permanent negative (5yz)

    /// 500 Syntax error, command unrecognized (also: line too long).
    public static let syntaxError = ReplyCode(500)
    /// 501 Syntax error in parameters or arguments.
    public static let parameterSyntaxError = ReplyCode(501)
    /// 502 Command not implemented.
    public static let notImplemented = ReplyCode(502)
    /// 503 Bad sequence of commands.
    public static let badSequence = ReplyCode(503)
    /// 504 Command parameter not implemented.
    public static let parameterNotImplemented = ReplyCode(504)
    /// 521 Host does not accept mail (RFC 7504 §3); Postfix sends it, then closes, for a bare line end
    /// under `smtpd_forbid_bare_newline = reject`.
    public static let noMailAccepted = ReplyCode(521)
    /// 530 Authentication required (RFC 4954 §6; also "must issue STARTTLS first", RFC 3207 §4).
    public static let authRequired = ReplyCode(530)
    /// 535 Authentication credentials invalid (RFC 4954 §6).
    public static let authFailed = ReplyCode(535)
    /// 538 Encryption required for requested authentication mechanism (RFC 4954 §6).
    public static let encryptionRequired = ReplyCode(538)
    /// 550 Requested action not taken: mailbox unavailable.
    public static let mailboxUnavailable = ReplyCode(550)
    /// 551 User not local.
    public static let userNotLocal = ReplyCode(551)
    /// 552 Requested mail action aborted: exceeded storage allocation.
    public static let exceededStorage = ReplyCode(552)
    /// 553 Requested action not taken: mailbox name not allowed.
    public static let mailboxNameNotAllowed = ReplyCode(553)
    /// 554 Transaction failed (or, on connection, no SMTP service here).
    public static let transactionFailed = ReplyCode(554)
    /// 555 MAIL FROM/RCPT TO parameters not recognized or not implemented.
    public static let parametersNotRecognized = ReplyCode(555)
}
