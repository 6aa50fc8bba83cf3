import MailCore

/// Where accounts come from: the `user_database` setting (`passwd-file:PATH` or `system`).
///
/// Implementations are Dovecot's passdb/userdb pairs (https://doc.dovecot.org/ "Authentication Databases").
/// Calls may block on file I/O: call them off any event loop. Errors are `AccountsError`s.
public protocol UserDatabase: Sendable {
    /// The account for `address`, matched case-insensitively (`EmailAddress.canonical`); `nil` when
    /// there is none.
    func account(for address: EmailAddress) throws -> Account?

    /// The account for `address` as routing and delivery need it (Dovecot's userdb lookup): name, address,
    /// home and owner. Its `passwordHash` may be a placeholder that never verifies: only authentication
    /// needs passwords, and a database that keeps them apart (shadow(5)) does not read them here.
    func accountWithoutPassword(for address: EmailAddress) throws -> Account?

    /// Every account, sorted by name.
    func allAccounts() throws -> [Account]
}

extension UserDatabase {
    /// The whole account, for a database that keeps passwords with the rest.
    public func accountWithoutPassword(for address: EmailAddress) throws -> Account? {
        try account(for: address)
    }
}
