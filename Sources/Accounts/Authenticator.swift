import MailCore

/// Checks a login and password against a user database: the one step behind SMTP AUTH (RFC 4954),
/// IMAP LOGIN/AUTHENTICATE (RFC 9051 §6.2) and POP3 USER/PASS and AUTH (RFC 1939, RFC 5034).
///
/// A bare login (`alice`) means `alice@defaultDomain` (`$mydomain`); logins are case-insensitive. An
/// account whose uid is outside `validUIDs` is refused like a wrong password, so a client cannot tell
/// that the account exists; `onRefusal` hears the reason, for the log.
///
/// `authenticate` blocks: crypt(3) takes tens of milliseconds on purpose, and the database may read files.
/// Server drivers run it off the event loop (a thread pool), never on it.
public struct Authenticator: Sendable {
    /// A yescrypt hash, at libxcrypt's default cost, of a password nobody uses. Checking a login for an
    /// unknown user against it costs as much as checking a real one, so timing does not tell an attacker
    /// which users exist.
    private static let decoy = PasswordHash(crypt: "$y$j9T$qBbyubdQlienhsPpQGZ9D1$dHwWl4g.zrMOB2FM.9IgbNL09WR19JtDp13wDbr2XnB")

    public let database: any UserDatabase
    /// The domain of bare logins.
    public let defaultDomain: String
    /// `first_valid_uid` / `last_valid_uid`.
    public let validUIDs: ValidUIDRange
    /// Called when the password was right but the account may not log in, with the reason.
    public let onRefusal: (@Sendable (Account, String) -> Void)?
    /// Checks passwords instead of the hash the database holds; `nil`: the database's hash.
    public let passwordChecker: (any PasswordChecker)?

    public init(
        database: any UserDatabase,
        defaultDomain: String,
        validUIDs: ValidUIDRange = .all,
        passwordChecker: (any PasswordChecker)? = nil,
        onRefusal: (@Sendable (Account, String) -> Void)? = nil
    ) {
        self.passwordChecker = passwordChecker
        self.database = database
        self.defaultDomain = defaultDomain
        self.validUIDs = validUIDs
        self.onRefusal = onRefusal
    }

    /// The account when `password` is right for `login`; `nil` for an unknown login, a wrong password or
    /// an account outside ``validUIDs`` (deliberately the same answer). Throws an `AccountsError` only
    /// when the database cannot be read.
    public func authenticate(login: String, password: String) throws -> Account? {
        let found = try EmailAddress(login: login, defaultDomain: defaultDomain).flatMap { address in
            try passwordChecker == nil ? database.account(for: address) : database.accountWithoutPassword(for: address)
        }
        guard let account = found else {
            _ = Self.decoy.verify(password)
            return nil
        }
        // The password is checked first, so a refused account costs as much time as any other.
        guard passwordChecker?.check(password, for: account) ?? account.passwordHash.verify(password) else { return nil }
        if let uid = account.uid, let reason = validUIDs.refusal(for: uid) {
            onRefusal?(account, reason)
            return nil
        }
        return account
    }
}
