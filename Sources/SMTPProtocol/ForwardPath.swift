import MailCore

/// The argument of `RCPT TO:` (RFC 5321 §4.1.1.3, §4.1.2).
///
///     rcpt = "RCPT TO:" ( "<Postmaster@" Domain ">" / "<Postmaster>" / Forward-path ) ...
///     Forward-path = Path
public enum ForwardPath: Hashable, Sendable, CustomStringConvertible {
    /// `<Postmaster>` without a domain, which every server must accept (RFC 5321 §4.1.1.3);
    /// the driver maps it to its own postmaster.
    case postmaster
    /// `<local@domain>`; a source route, if any, has been dropped (RFC 5321 §4.1.1.3, Appendix C).
    case mailbox(EmailAddress)

    /// The mailbox, or `nil` for the bare postmaster.
    public var address: EmailAddress? {
        if case .mailbox(let address) = self { return address }
        return nil
    }

    /// `<Postmaster>` or `<local@domain>`.
    public var description: String { "<\(address?.description ?? "Postmaster")>" }
}
