/// Named limits of the local submission protocol (``LocalSubmissionMachine``), each with its source.
/// The body's limit is `message_size_limit`, given to the driver's `DataStreamDecoder`.
public enum LocalSubmissionLimits {
    /// A command line without its line end: RFC 5321 §4.5.3.1.4's 512 octets for a command line,
    /// which holds a verb and one path.
    public static let commandLineLength = 512
    /// An address between the angle brackets: RFC 5321 §4.5.3.1.3 allows 256 octets for a path,
    /// brackets included.
    public static let pathLength = 254
    /// Recipients of one message: Postfix `smtpd_recipient_limit` (RFC 5321 §4.5.3.1.8: at least 100).
    public static let recipients = 1000
}
