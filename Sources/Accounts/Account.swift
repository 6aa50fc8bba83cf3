import MailCore

/// A mail account, as a user database (`UserDatabase`) knows it: the identity a client logs in as,
/// where its mail lives, and its stored password.
///
/// This is Dovecot's passdb + userdb record (https://doc.dovecot.org/ "passwd-file", "passwd").
public struct Account: Sendable, CustomStringConvertible {
    /// The user name as the database holds it: the full address for passwd-file accounts, the bare login
    /// for system accounts. This is Dovecot's `%u` in `mail_location`, so `/var/mail/%u` is the file that
    /// `mail` reads for a system user.
    public let name: String
    /// The account's mail address.
    public let address: EmailAddress
    /// The home directory; `~` in `mail_location`.
    public let home: String
    /// The owner to deliver as, when the database names one.
    public let uid: UInt32?
    /// The group to deliver as, when the database names one.
    public let gid: UInt32?
    /// The stored password; never printed.
    public let passwordHash: PasswordHash

    public init(name: String, address: EmailAddress, home: String, uid: UInt32?, gid: UInt32?, passwordHash: PasswordHash) {
        self.name = name
        self.address = address
        self.home = home
        self.uid = uid
        self.gid = gid
        self.passwordHash = passwordHash
    }

    /// The name, address and home; deliberately without the password hash, so a log line cannot leak it.
    public var description: String {
        let owner = uid.map { " uid=\($0)" } ?? ""
        return "\(name) <\(address)> home=\(home)\(owner)"
    }
}
