/// Named limits of the SMTP layer, each with its source (RFC 5321 §4.5.3.1; Postfix defaults).
public enum SMTPLimits {
    /// A command line, without CRLF: RFC 5321 §4.5.3.1.4 requires 512; Postfix `line_length_limit`
    /// allows 2048, which AUTH initial responses and long parameter lists need (RFC 4954 §4: 12288
    /// for AUTH exchanges).
    public static let commandLineLength = 2048
    /// An AUTH exchange line (RFC 4954 §4).
    public static let authenticationLineLength = 12288
    /// Postfix `message_size_limit` default, in octets.
    public static let defaultMessageSize = 10_240_000
    /// Postfix `smtpd_recipient_limit` default (RFC 5321 §4.5.3.1.8: at least 100).
    public static let defaultRecipientLimit = 1000
    /// Postfix `smtpd_hard_error_limit` default.
    public static let defaultErrorLimit = 20
    /// Postfix `hopcount_limit`: `Received:` fields a message may carry before it is refused as a loop.
    public static let defaultHopCountLimit = 50
}
