/// One POP3 client command (RFC 1939 §4-7; CAPA RFC 2449 §5; STLS RFC 2595 §4; AUTH RFC 5034 §4).
///
///     command = keyword *(SP argument) CRLF     (keyword: 3-4 characters, case-insensitive, RFC 1939 §3)
///
/// APOP (RFC 1939 §7) is not offered: its MD5 shared secret needs plaintext passwords on disk.
public enum POP3Command: Hashable, Sendable {
    /// `USER name` (RFC 1939 §7).
    case user(String)
    /// `PASS password`, the rest of the line verbatim (RFC 1939 §7).
    case pass(String)
    /// `AUTH [mechanism [initial-response]]` (RFC 5034 §4); without a mechanism, the RFC 1734 listing.
    case auth(mechanism: String?, initialResponse: String?)
    /// `STLS` (RFC 2595 §4).
    case startTLS
    /// `CAPA` (RFC 2449 §5).
    case capabilities
    /// `STAT` (RFC 1939 §5).
    case stat
    /// `LIST [msg]` (RFC 1939 §5).
    case list(Int?)
    /// `RETR msg` (RFC 1939 §5).
    case retrieve(Int)
    /// `DELE msg` (RFC 1939 §5).
    case delete(Int)
    /// `NOOP` (RFC 1939 §5).
    case noop
    /// `RSET` (RFC 1939 §5).
    case reset
    /// `QUIT` (RFC 1939 §4, §6).
    case quit
    /// `TOP msg n` (RFC 1939 §7), n ≥ 0.
    case top(Int, lines: Int)
    /// `UIDL [msg]` (RFC 1939 §7).
    case uniqueIDList(Int?)

    /// True for the commands of the AUTHORIZATION state (RFC 1939 §4, §7; RFC 2595; RFC 5034).
    var isAuthorizationCommand: Bool {
        switch self {
        case .user, .pass, .auth, .startTLS: true
        default: false
        }
    }
}
