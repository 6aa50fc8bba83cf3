/// The bounds the message parser keeps to, so that any input (a 50 MB message, 10,000 nested multiparts, a
/// header without an end, a line of a million bytes) is read in one linear pass with memory proportional to
/// the input. None of them is an error: what lies beyond a limit stays in the message's bytes, where a FETCH of
/// the enclosing section still finds it; it is only not interpreted.
///
/// - A multipart or message/rfc822 entity at ``maximumDepth`` is not entered; it becomes an opaque
///   application/octet-stream leaf.
/// - Once ``maximumParts`` entities exist, further boundary lines are ordinary content of the part they are
///   in (the excess is folded into the last part), and an encapsulated message is not entered.
/// - Header fields beyond ``maximumHeaderFields`` or ``maximumHeaderBytes`` are part of the header section's
///   bytes but are not read.
public enum MIMELimits {
    /// How deep entities nest below the top-level message, each multipart body part and each encapsulated
    /// message one level (RFC 2046 §5.1 sets no bound; Dovecot's default is 100).
    public static let maximumDepth = 50
    /// Entities in one message: the message itself, every body part and every encapsulated message.
    public static let maximumParts = 10_000
    /// Octets of one header section read into fields (RFC 5322 §2.1.1 bounds lines, not sections; Postfix's
    /// `header_size_limit` is 100 KiB).
    public static let maximumHeaderBytes = 256 * 1024
    /// Fields read from one header section.
    public static let maximumHeaderFields = 1_000
    /// The longest boundary parameter honoured (RFC 2046 §5.1.1 allows 70 characters; real mailers stay
    /// below). A multipart with a longer or empty boundary cannot be split and is read as text/plain.
    public static let maximumBoundaryLength = 200
    /// Parameters read from one Content-Type or Content-Disposition field, each RFC 2231 section counted.
    public static let maximumParameters = 256
    /// Addresses (group markers included) read from one address field (RFC 5322 §3.4).
    public static let maximumAddresses = 10_000
}
