/// One client command of RFC 5321 §4.1.1 with the extensions mailroom implements: LHLO (RFC 2033 §4.1),
/// BDAT (RFC 3030 §2), STARTTLS (RFC 3207 §4), AUTH (RFC 4954 §4).
///
/// Parse one with ``init(parsing:)``; a line that is not a valid command throws an ``SMTPSyntaxError``
/// carrying the reply to send.
public enum SMTPCommand: Hashable, Sendable {
    /// `HELO name`.
    case helo(HeloName)
    /// `EHLO name`.
    case ehlo(HeloName)
    /// `LHLO name` (LMTP).
    case lhlo(HeloName)
    /// `MAIL FROM:<path> [params]`.
    case mail(ReversePath, MailParameters)
    /// `RCPT TO:<path> [params]`.
    case rcpt(ForwardPath, RecipientParameters)
    /// `DATA`.
    case data
    /// `BDAT size [LAST]`.
    case bdat(size: Int, last: Bool)
    /// `RSET`.
    case rset
    /// `NOOP [string]`.
    case noop
    /// `QUIT`.
    case quit
    /// `VRFY string`.
    case vrfy(String)
    /// `HELP [string]`.
    case help(String?)
    /// `STARTTLS`.
    case startTLS
    /// `AUTH mechanism [initial-response]`; the mechanism upper-cased, the response as sent
    /// (`=` stands for an empty one, RFC 4954 §4).
    case auth(mechanism: String, initialResponse: String?)
}
