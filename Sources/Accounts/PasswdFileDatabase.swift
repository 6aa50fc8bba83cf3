import MailCore

/// The accounts of a Dovecot passwd-file (https://doc.dovecot.org/ "passwd-file"): `user_database =
/// passwd-file:PATH`, the file `mailroom user` manages (see `PasswdFileDatabase+Management.swift`).
///
/// User names are full addresses, matched case-insensitively. A line with an empty home field gets its home
/// from `homeTemplate` (`$data_directory/mail/%d/%n`). The file is read again whenever it changes on disk,
/// because accounts are added by another process while the server runs; a missing file has no accounts.
public final class PasswdFileDatabase: UserDatabase {
    /// What one version of the file holds.
    private struct Snapshot: Sendable {
        var accountsByAddress: [EmailAddress: Account]
        var sortedAccounts: [Account]
    }

    /// The passwd-file.
    public let path: String
    /// Where accounts with an empty home field live.
    public let homeTemplate: HomeTemplate
    /// The accounts of the version last read, read again when the file changes.
    private let file: CachedDatabaseFile<Snapshot>

    public init(path: String, homeTemplate: HomeTemplate) {
        self.path = path
        self.homeTemplate = homeTemplate
        file = CachedDatabaseFile(path: path, reader: .fileSystem) { text in Self.snapshot(text, homeTemplate: homeTemplate) }
    }

    /// A database whose accounts without a home field live under `dataDirectory/mail/%d/%n`.
    public convenience init(path: String, dataDirectory: String) {
        self.init(path: path, homeTemplate: .virtualMail(dataDirectory: dataDirectory))
    }

    public func account(for address: EmailAddress) throws -> Account? {
        try file.value().accountsByAddress[address.canonical]
    }

    public func allAccounts() throws -> [Account] {
        try file.value().sortedAccounts
    }

    /// The accounts of the file's text; none when the file does not exist.
    private static func snapshot(_ text: String?, homeTemplate: HomeTemplate) -> Snapshot {
        var byAddress: [EmailAddress: Account] = [:]
        for line in ColonSeparatedLines.lines(of: text ?? "") {
            guard let account = PasswdFileEntry(line: line)?.account(homeTemplate: homeTemplate) else { continue }
            // The first line for an address wins, as a reader scanning the file top-down would find it.
            if byAddress[account.address.canonical] == nil {
                byAddress[account.address.canonical] = account
            }
        }
        let sorted = byAddress.values.sorted { $0.name.lowercased() < $1.name.lowercased() }
        return Snapshot(accountsByAddress: byAddress, sortedAccounts: sorted)
    }
}
