/// The buffer limits of a POP3 session, each from its RFC.
public enum POP3Limits {
    /// The longest command line, CRLF excluded: 255 octets with CRLF (RFC 2449 §4).
    public static let commandLineLength = 253
    /// The longest client line inside an AUTH exchange: RFC 5034 §4 lifts the command limit for
    /// SASL responses; 8 KiB holds any PLAIN response with a sane password.
    public static let authenticationLineLength = 8192
    /// The longest UIDL a server may use (RFC 1939 §7: 1 to 70 characters).
    public static let uniqueIDLength = 70
}
