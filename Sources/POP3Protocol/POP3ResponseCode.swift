/// An extended response code in brackets after `-ERR` (RFC 2449 §8, registry in §9.4), telling the
/// client why a command failed so it can decide whether to retry.
///
///     resp-code = "[" resp-level *("/" resp-level) "]"
///     resp-level = 1*rchar
///     rchar      = %x21-2E / %x30-5C / %x5E-7F          (RFC 2449 §8; "/" and "]" excluded)
///
/// The codes mailroom sends are those of RFC 2449 §8.1 and RFC 3206.
public struct POP3ResponseCode: Hashable, Sendable, CustomStringConvertible {
    /// The code without brackets, e.g. `SYS/TEMP`.
    public let rawValue: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    /// The maildrop is locked by another session (RFC 2449 §8.1.1).
    public static let inUse = POP3ResponseCode("IN-USE")
    /// The user logged in too recently (RFC 2449 §8.1.2).
    public static let loginDelay = POP3ResponseCode("LOGIN-DELAY")
    /// A temporary problem on the server; trying later may work (RFC 3206 §4).
    public static let systemTemporary = POP3ResponseCode("SYS/TEMP")
    /// A permanent problem on the server; the user should contact the administrator (RFC 3206 §4).
    public static let systemPermanent = POP3ResponseCode("SYS/PERM")
    /// The credentials were wrong or may not be used here (RFC 3206 §5).
    public static let authentication = POP3ResponseCode("AUTH")
}
