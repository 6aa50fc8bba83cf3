/// mailroom's `user_database`: where accounts and their passwords come from.
public enum UserDatabaseSetting: Hashable, Sendable {
    /// A Dovecot-style passwd-file of full addresses, managed by `mailroom user`.
    case passwdFile(path: String)
    /// The host's own accounts (`/etc/passwd` and `/etc/shadow`), as the classic setup uses.
    case system

    // user-database = "passwd-file:" path / "system"
    static func parse(_ text: String) throws(ValueError) -> UserDatabaseSetting {
        if text == "system" { return .system }
        let prefix = "passwd-file:"
        if text.hasPrefix(prefix), text.count > prefix.count {
            return .passwdFile(path: String(text.dropFirst(prefix.count)))
        }
        throw ValueError(text, "is not passwd-file:PATH or system")
    }
}
