import MailCore

/// The host's own accounts, as in the classic Postfix + Dovecot setup (`user_database = system`):
/// passwd(5) gives the names, uid, gid and home, shadow(5) the password hashes (Dovecot's `passdb shadow`
/// with `userdb passwd`).
///
/// User `name` has the address `name@mailDomain` (Postfix's `$mydomain`); addresses in other domains are
/// not system accounts. The account `name` is the bare login, so `/var/mail/%u` is the user's mbox.
/// The hash comes from /etc/shadow; when shadow is missing or lacks the user, from passwd's own field (a
/// placeholder such as `x` there never verifies). Both files are read on every call: they are small, and
/// `useradd` or `passwd` must take effect at once. Reading shadow needs root or the `shadow` group;
/// without it, lookups throw an `AccountsError` that says so.
public struct SystemUserDatabase: UserDatabase {
    /// The domain of every system account's address.
    public let mailDomain: String
    public let passwdPath: String
    public let shadowPath: String

    public init(mailDomain: String, passwdPath: String = "/etc/passwd", shadowPath: String = "/etc/shadow") {
        self.mailDomain = mailDomain.lowercased()
        self.passwdPath = passwdPath
        self.shadowPath = shadowPath
    }

    public func account(for address: EmailAddress) throws -> Account? {
        guard address.domain == mailDomain else { return nil }
        let wanted = address.canonical.localPart
        // Unix names are case-sensitive but conventionally lower case; mail logins are not case-sensitive.
        guard let record = try passwdRecords().first(where: { $0[0].lowercased() == wanted }) else { return nil }
        return account(record, shadow: try shadowHashes())
    }

    public func allAccounts() throws -> [Account] {
        let shadow = try shadowHashes()
        return try passwdRecords().compactMap { account($0, shadow: shadow) }.sorted { $0.name < $1.name }
    }

    /// passwd(5): `name:password:uid:gid:gecos:home:shell`. NIS `+`/`-` lines are not accounts.
    private func passwdRecords() throws -> [[Substring]] {
        guard let (text, _) = try DatabaseFile.read(passwdPath) else { return [] }
        return ColonSeparatedLines.records(of: text).filter { record in
            !record[0].isEmpty && !record[0].hasPrefix("+") && !record[0].hasPrefix("-")
        }
    }

    /// shadow(5): `name:hash:...`, by name; empty when the file does not exist.
    private func shadowHashes() throws -> [Substring: Substring] {
        let contents: (text: String, version: DatabaseFile.Version)?
        do {
            contents = try DatabaseFile.read(shadowPath)
        } catch let error as AccountsError {
            throw AccountsError(error.code, "\(error.message) (system accounts need mailroom to run as root or in the shadow group)")
        }
        guard let contents else { return [:] }
        let pairs = ColonSeparatedLines.records(of: contents.text).filter { $0.count > 1 }.map { ($0[0], $0[1]) }
        return Dictionary(pairs, uniquingKeysWith: { first, _ in first })
    }

    private func account(_ record: [Substring], shadow: [Substring: Substring]) -> Account? {
        let name = String(record[0])
        guard let address = EmailAddress(localPart: name, domain: mailDomain) else { return nil }
        func field(_ index: Int) -> String { index < record.count ? String(record[index]) : "" }
        let hash = shadow[record[0]].map(String.init) ?? field(1)
        return Account(
            name: name, address: address, home: field(5),
            uid: UInt32(field(2)), gid: UInt32(field(3)),
            passwordHash: PasswordHash(crypt: hash)
        )
    }
}
