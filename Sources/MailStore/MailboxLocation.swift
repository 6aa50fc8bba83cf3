import MailCore

/// Where one account's INBOX lives on disk: a Maildir++ directory or an mboxrd file.
///
/// Resolved from Dovecot's `mail_location` (https://doc.dovecot.org/ "Mail location"): with
/// `maildir:~/Maildir` the INBOX is the root directory itself (Maildir++,
/// https://cr.yp.to/proto/maildir.html and Courier's maildir++ folders as `.Name` beside it); with
/// `mbox:~/mail:INBOX=/var/mail/%u` it is the `INBOX=` file, and without `INBOX=` the file `inbox`
/// under the root, as Dovecot does.
public struct MailboxLocation: Hashable, Sendable, CustomStringConvertible {
    /// How the mailbox is stored.
    public var format: MailLocation.Format
    /// The absolute path: the Maildir directory, or the mbox file.
    public var path: String
    /// Whose mailbox it is; `nil`: the process's own (see ``MailboxOwner``).
    public var owner: MailboxOwner?

    /// A mailbox at a known path.
    public init(format: MailLocation.Format, path: String, owner: MailboxOwner? = nil) {
        self.format = format
        self.path = path
        self.owner = owner
    }

    /// The INBOX of one account under `location`.
    ///
    /// - Parameters:
    ///   - name: the account name as the user database holds it (`%u`): the bare login for system
    ///     accounts, the full address for passwd-file accounts.
    ///   - address: the account's address, for `%n` (local part) and `%d` (domain).
    ///   - home: the home directory, for `~` and `%h`.
    ///   - owner: whose mailbox it is.
    /// - Throws: ``MailStoreError/Code/invalidLocation`` when the result is not an absolute path, or when
    ///   a value put in for `%u`, `%n` or `%d` would add or climb a directory level (`/`, `.`, `..`).
    public init(
        inboxOf location: MailLocation, name: String, address: EmailAddress, home: String, owner: MailboxOwner? = nil
    ) throws(MailStoreError) {
        let template = MailLocationTemplate(name: name, address: address, home: home)
        let root = try template.expand(location.root)
        self.format = location.format
        self.owner = owner
        if let inbox = location.inbox {
            self.path = try template.expand(inbox)
        } else {
            switch location.format {
            case .maildir: self.path = root
            case .mbox: self.path = root == "/" ? "/inbox" : root + "/inbox"
            }
        }
    }

    public var description: String { "\(format.rawValue):\(path)" }
}
