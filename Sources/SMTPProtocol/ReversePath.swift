import MailCore

/// The argument of `MAIL FROM:` (RFC 5321 §4.1.1.2, §4.1.2): a mailbox, or `<>` for notifications
/// that must not be answered (bounces, RFC 5321 §4.5.5).
///
///     Reverse-path = Path / "<>"
public enum ReversePath: Hashable, Sendable, CustomStringConvertible {
    /// `<>`.
    case null
    /// `<local@domain>`; a source route, if any, has been dropped (RFC 5321 §4.1.1.3, Appendix C).
    case mailbox(EmailAddress)

    /// The mailbox, or `nil` for the null sender.
    public var address: EmailAddress? {
        if case .mailbox(let address) = self { return address }
        return nil
    }

    /// `<>` or `<local@domain>`.
    public var description: String { "<\(address?.description ?? "")>" }
}
