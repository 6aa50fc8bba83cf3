import MailCore

/// The host's own accounts, as in the classic Postfix + Dovecot setup (`user_database = system`):
/// passwd(5) gives the names, uid, gid and home, shadow(5) the password hashes (Dovecot's `passdb shadow`
/// with `userdb passwd`).
///
/// User `name` has the address `name@mailDomain` (Postfix's `$mydomain`); addresses in other domains are
/// not system accounts. The account `name` is the bare login, so `/var/mail/%u` is the user's mbox.
/// The hash comes from /etc/shadow; when shadow is missing or lacks the user, from passwd's own field (a
/// placeholder such as `x` there never verifies). Each file is parsed once and kept until it changes on
/// disk (``CachedDatabaseFile``), so `useradd` or `passwd` take effect at the next lookup and a RCPT
/// costs a `stat(2)`, not a read. Routing and delivery (``accountWithoutPassword(for:)``) never open
/// shadow; authentication does, and needs root or the `shadow` group, else lookups throw an
/// `AccountsError` that says so.
public final class SystemUserDatabase: UserDatabase {
    /// The domain of every system account's address.
    public let mailDomain: String
    public var passwdPath: String { passwd.path }
    public var shadowPath: String { shadow.path }

    /// passwd(5) records by lower-cased name, the first line for a name winning, and all in file order.
    private struct PasswdTable: Sendable {
        var byName: [String: [String]] = [:]
        var records: [[String]] = []
    }

    private let passwd: CachedDatabaseFile<PasswdTable>
    private let shadow: CachedDatabaseFile<[String: String]>

    public convenience init(mailDomain: String, passwdPath: String = "/etc/passwd", shadowPath: String = "/etc/shadow") {
        self.init(mailDomain: mailDomain, passwdPath: passwdPath, shadowPath: shadowPath, reader: .fileSystem)
    }

    init(mailDomain: String, passwdPath: String, shadowPath: String, reader: DatabaseFileReader) {
        self.mailDomain = mailDomain.lowercased()
        passwd = CachedDatabaseFile(path: passwdPath, reader: reader, parse: Self.passwdTable)
        shadow = CachedDatabaseFile(path: shadowPath, reader: reader, parse: Self.shadowHashes)
    }

    public func account(for address: EmailAddress) throws -> Account? {
        guard let record = try record(for: address) else { return nil }
        return account(record, shadow: try shadowHashes())
    }

    public func accountWithoutPassword(for address: EmailAddress) throws -> Account? {
        guard let record = try record(for: address) else { return nil }
        return account(record, shadow: [:], hashFallback: false)
    }

    public func allAccounts() throws -> [Account] {
        let shadow = try shadowHashes()
        return try passwd.value().records.compactMap { account($0, shadow: shadow) }.sorted { $0.name < $1.name }
    }

    private func record(for address: EmailAddress) throws -> [String]? {
        guard address.domain == mailDomain else { return nil }
        // Unix names are case-sensitive but conventionally lower case; mail logins are not case-sensitive.
        return try passwd.value().byName[address.canonical.localPart]
    }

    private func shadowHashes() throws -> [String: String] {
        do {
            return try shadow.value()
        } catch let error as AccountsError {
            throw AccountsError(error.code, "\(error.message) (system accounts need mailroom to run as root or in the shadow group)")
        }
    }

    /// passwd(5): `name:password:uid:gid:gecos:home:shell`. NIS `+`/`-` lines are not accounts.
    private static func passwdTable(_ text: String?) -> PasswdTable {
        var table = PasswdTable()
        for record in ColonSeparatedLines.records(of: text ?? "") {
            guard !record[0].isEmpty, !record[0].hasPrefix("+"), !record[0].hasPrefix("-") else { continue }
            let fields = record.map(String.init)
            table.records.append(fields)
            let key = fields[0].lowercased()
            if table.byName[key] == nil {
                table.byName[key] = fields
            }
        }
        return table
    }

    /// shadow(5): `name:hash:...`, by name; empty when the file does not exist.
    private static func shadowHashes(_ text: String?) -> [String: String] {
        let pairs = ColonSeparatedLines.records(of: text ?? "").filter { $0.count > 1 }.map { (String($0[0]), String($0[1])) }
        return Dictionary(pairs, uniquingKeysWith: { first, _ in first })
    }

    /// The account of a passwd record; `hashFallback: false` leaves the hash a placeholder that never
    /// verifies instead of passwd's own field.
    private func account(_ record: [String], shadow: [String: String], hashFallback: Bool = true) -> Account? {
        let name = record[0]
        guard let address = EmailAddress(localPart: name, domain: mailDomain) else { return nil }
        func field(_ index: Int) -> String { index < record.count ? record[index] : "" }
        // A record without numeric ids is no account (getpwnam(3) would not return it either); a nil
        // uid would otherwise read as a virtual user and pass over first_valid_uid.
        guard let uid = UInt32(field(2)), let gid = UInt32(field(3)) else { return nil }
        let hash = shadow[name] ?? (hashFallback ? field(1) : "*")
        return Account(
            name: name, address: address, home: field(5), uid: uid, gid: gid,
            passwordHash: PasswordHash(crypt: hash)
        )
    }
}
