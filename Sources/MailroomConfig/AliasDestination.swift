import MailCore

/// Where a message goes after alias expansion: what local(8) does with each token that is not
/// itself an alias or an `:include:` (Postfix `deliver_token()`).
public enum AliasDestination: Hashable, Sendable, CustomStringConvertible {
    /// A mailbox that is not expanded further: a local user (local part lower-cased, as local(8)
    /// folds it) or an address in a domain that is not local (as written, domain lower-cased).
    case mailbox(localPart: String, domain: String)
    /// `|command`: mailroom refuses to deliver to programs for now.
    case program(String)
    /// `/file/path` or `~/file`: mailroom refuses to deliver to files for now.
    case file(String)

    /// The mailbox as an address (`Delivered-To`); `nil` for programs and files.
    public var address: EmailAddress? {
        guard case .mailbox(let localPart, let domain) = self else { return nil }
        return EmailAddress(localPart: localPart, domain: domain)
    }

    /// `local@domain`, `|command` or the path.
    public var description: String {
        switch self {
        case .mailbox(let localPart, let domain): "\(localPart)@\(domain)"
        case .program(let command): "|" + command
        case .file(let path): path
        }
    }

    /// The key under which two destinations count as the same: mailboxes compare case-insensitively,
    /// commands and paths exactly (they are case-sensitive).
    var deduplicationKey: String {
        switch self {
        case .mailbox(let localPart, let domain): "m:" + localPart.lowercased() + "@" + domain.lowercased()
        case .program(let command): "p:" + command
        case .file(let path): "f:" + path
        }
    }
}
