import MailCore

/// Where accounts come from: the `user_database` setting (`passwd-file:PATH` or `system`).
///
/// Implementations are Dovecot's passdb/userdb pairs (https://doc.dovecot.org/ "Authentication Databases").
/// Calls may block on file I/O: call them off any event loop. Errors are `AccountsError`s.
public protocol UserDatabase: Sendable {
    /// The account for `address`, matched case-insensitively (`EmailAddress.canonical`); `nil` when
    /// there is none.
    func account(for address: EmailAddress) throws -> Account?

    /// Every account, sorted by name.
    func allAccounts() throws -> [Account]
}
