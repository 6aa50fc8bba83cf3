/// Dovecot's `mail_location`: where and how each account's mail is stored
/// (`maildir:~/Maildir`, `mbox:~/mail:INBOX=/var/mail/%u`).
///
/// Paths are templates: `%u` the account name, `%n` the local part, `%d` the domain and `~` the
/// home directory; they are filled in per account by the mail store, not here. The configuration reads
/// it from `mail_location` (and Postfix's `home_mailbox`); the mail store resolves it.
public struct MailLocation: Hashable, Sendable {
    /// The mailbox format.
    public enum Format: String, Hashable, Sendable {
        /// Maildir++, one file per message.
        case maildir
        /// mboxrd, one file per folder.
        case mbox
    }

    /// The mailbox format.
    public var format: Format
    /// The directory holding the folders (template).
    public var root: String
    /// Where INBOX lives when not under `root` (template), from `:INBOX=`.
    public var inbox: String?
    /// The other `:KEY=VALUE` options (keys upper-cased, as Dovecot spells them; flags without
    /// `=` have an empty value), kept so later features can honour them.
    public var options: [String: String]

    /// Makes a location from its parts.
    public init(format: Format, root: String, inbox: String? = nil, options: [String: String] = [:]) {
        self.format = format
        self.root = root
        self.inbox = inbox
        self.options = options
    }
}
