import MailCore

/// The client's name from `HELO`, `EHLO` (RFC 5321 §4.1.1.1) or `LHLO` (RFC 2033 §4.1).
///
///     ehlo = "EHLO" SP ( Domain / address-literal ) CRLF
///
/// Postfix accepts any word here and leaves judgement to `smtpd_helo_restrictions`; so does mailroom:
/// a name that is neither a domain nor an address literal is kept as ``other(_:)``.
public enum HeloName: Hashable, Sendable, CustomStringConvertible {
    /// A syntactically valid domain, lower-cased.
    case domain(String)
    /// `[192.0.2.1]` or `[IPv6:2001:db8::1]`.
    case addressLiteral(IPAddress)
    /// Anything else the client sent (`my_pc`, `[garbage]`), as written.
    case other(String)

    /// The name as the client wrote it (address literals in brackets), for `Received:` lines.
    public var description: String {
        switch self {
        case .domain(let name): name
        case .addressLiteral(let address): address.isIPv4 ? "[\(address)]" : "[IPv6:\(address)]"
        case .other(let text): text
        }
    }
}
