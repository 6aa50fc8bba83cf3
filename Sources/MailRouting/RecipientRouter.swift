import Accounts
import MailCore
import MailroomConfig
import Synchronization

/// Decides, at `RCPT TO` time, whether a recipient is accepted and where it goes: Postfix smtpd(8)'s
/// `permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination` plus
/// `reject_unlisted_recipient`, and local(8)'s alias expansion, done up front.
///
/// Theory of operation, for one recipient (RFC 5321 §4.1.1.3):
/// 1. A bare name is qualified: `postmaster` gets `@mydomain`, anything else `@myorigin`.
/// 2. A `mydestination` domain is local: the recipient is expanded through the aliases
///    (``AliasExpander``: nested aliases, `user+tag` tried as itself and as `user`), and every final
///    local mailbox must be an account (see `RecipientRouter+Local.swift`). No alias and no account:
///    `550 5.1.1`. Every local recipient is checked whoever the client is.
/// 3. A `relay_domains` domain is accepted from anyone and relayed, when `relay_recipient_maps` is
///    empty or lists the recipient (Postfix's `reject_unlisted_recipient` for relay domains: an unknown
///    recipient is refused now with `550 5.1.1`, not bounced later to a sender who may be forged).
/// 4. Any other domain is relayed for authenticated clients and clients in `mynetworks`; anyone else
///    gets `554 5.7.1 Relay access denied`.
///
/// The aliases are a value (``AliasTable``) behind a `Mutex`; `route` copies the current expander
/// out and works without the lock. The alias files are checked for changes (one `stat(2)` each) at
/// most once per `aliasCheckInterval` (one second by default), by the first caller after the
/// interval, outside the lock; other callers meanwhile use the table they find. So RCPT costs a lock,
/// a clock read and the account look-ups, and an edited aliases file takes effect within a second,
/// with no `newaliases`. A file that fails to parse leaves its previous content in use and is
/// reported once through `onAliasError`.
public final class RecipientRouter: Sendable {
    /// The domains, networks and qualification rules.
    public let policy: RoutingPolicy
    /// How often the alias files are checked for changes.
    public let aliasCheckInterval: Duration

    /// The tables besides the aliases, re-read with them.
    public struct Tables: Sendable {
        /// `relay_recipient_maps`.
        public var relayRecipients: LookupTable
        /// `smtpd_sender_login_maps`.
        public var senderLogins: LookupTable

        /// Tables; ``LookupTable/none`` where a setting is empty.
        public init(relayRecipients: LookupTable = .none, senderLogins: LookupTable = .none) {
            self.relayRecipients = relayRecipients
            self.senderLogins = senderLogins
        }

        mutating func reloadIfChanged() throws(ConfigError) -> Bool {
            let relay = try relayRecipients.reloadIfChanged()
            return try senderLogins.reloadIfChanged() || relay
        }
    }

    private struct State: Sendable {
        var expander: AliasExpander
        var tables: Tables
        var lastCheck: ContinuousClock.Instant
    }

    private let state: Mutex<State>
    private let users: any UserDatabase
    private let includeReader: AliasIncludeReader
    private let now: @Sendable () -> ContinuousClock.Instant
    private let onAliasError: @Sendable (ConfigError) -> Void

    /// A router over `aliases` (as loaded by ``AliasTable/load(paths:)``) and `users`.
    /// - Parameters:
    ///   - now: the monotonic clock used to space out alias file checks (injectable for tests).
    ///   - onAliasError: told when a changed alias file cannot be read or parsed (the driver logs it).
    public init(
        policy: RoutingPolicy,
        aliases: AliasTable,
        tables: Tables = Tables(),
        users: any UserDatabase,
        aliasCheckInterval: Duration = .seconds(1),
        includeReader: AliasIncludeReader = .fileSystem,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
        onAliasError: @escaping @Sendable (ConfigError) -> Void = { _ in }
    ) {
        self.policy = policy
        self.aliasCheckInterval = aliasCheckInterval
        self.users = users
        self.includeReader = includeReader
        self.now = now
        self.onAliasError = onAliasError
        let expander = Self.expander(aliases, policy: policy, includeReader: includeReader)
        state = Mutex(State(expander: expander, tables: tables, lastCheck: now()))
    }

    /// A router for `settings`: reads the `alias_maps`, `relay_recipient_maps` and
    /// `smtpd_sender_login_maps` files now.
    /// - Throws: the first file that cannot be read or parsed, as `FILE:LINE: message`.
    public convenience init(
        settings: Settings,
        users: any UserDatabase,
        onAliasError: @escaping @Sendable (ConfigError) -> Void = { _ in }
    ) throws(ConfigError) {
        let tables = Tables(relayRecipients: try LookupTable.load(paths: settings.relayRecipientMaps),
                            senderLogins: try LookupTable.load(paths: settings.smtpdSenderLoginMaps))
        self.init(policy: RoutingPolicy(settings: settings), aliases: try AliasTable.load(paths: settings.aliasMaps),
                  tables: tables, users: users, onAliasError: onAliasError)
    }

    /// True when mail for `domain` is delivered here (`mydestination`).
    public func isLocalDomain(_ domain: String) -> Bool {
        policy.isLocalDomain(domain)
    }

    /// The reverse-path with `@myorigin` appended when it has no domain; `""` (the null sender) stays.
    public func qualify(sender: String) -> String {
        policy.qualify(sender: sender)
    }

    /// Routes one `RCPT TO` path (without the angle brackets) for `client`.
    public func route(recipient: String, client: ClientContext) -> RoutingDecision {
        var dropped: [RoutingRejection] = []
        return route(recipient: recipient, client: client, dropped: &dropped)
    }

    /// Routes one `RCPT TO` path, and appends to `dropped` the alias branches that deliver nothing
    /// while the recipient is still accepted through its other branches (a `|program`, a `/file`, a
    /// member without an account, a loop in one branch; 5.3.0, 5.1.1, the problem's status), as
    /// local(8) bounces only the failed branch. The driver logs them for the administrator.
    public func route(recipient: String, client: ClientContext, dropped: inout [RoutingRejection]) -> RoutingDecision {
        let qualified = policy.qualify(recipient: recipient)
        guard var address = EmailAddress(qualified) else { return .reject(.badAddress(recipient)) }
        let domain = RoutingPolicy.normalized(address.domain)
        if domain != address.domain {
            guard let trimmed = EmailAddress(localPart: address.localPart, domain: domain) else {
                return .reject(.badAddress(recipient))
            }
            address = trimmed
        }
        let (expander, tables) = current()
        if policy.isLocalDomain(domain) {
            return routeLocal(address, as: recipient, expander: expander, dropped: &dropped)
        }
        if policy.isRelayDomain(domain) {
            let listed = !tables.relayRecipients.isConfigured
                || tables.relayRecipients.value(forAddress: address.description,
                                                recipientDelimiter: policy.recipientDelimiter) != nil
            guard listed else { return .reject(.unknownRelayUser(recipient)) }
            return .accept([MessageRecipient(address: address.description, isLocal: false)])
        }
        if client.isAuthenticated || policy.isTrustedNetwork(client.address) {
            return .accept([MessageRecipient(address: address.description, isLocal: false)])
        }
        return .reject(.relayDenied(recipient))
    }

    /// Checks the alias files now, whatever the interval; `true` when one was read again (for a
    /// `SIGHUP`-style reload).
    /// - Throws: a changed file that cannot be read or parsed (its previous content stays in use).
    @discardableResult
    public func reloadAliases() throws(ConfigError) -> Bool {
        let checkedAt = now()
        var table = state.withLock { state in
            state.lastCheck = checkedAt
            return state.expander.table
        }
        let result: Result<Bool, ConfigError>
        do throws(ConfigError) {
            result = .success(try table.reloadIfChanged())
        } catch {
            result = .failure(error)
        }
        // Keep the table even after a failure: it remembers the broken version, so the error is not
        // reported again until the file changes once more.
        let expander = Self.expander(table, policy: policy, includeReader: includeReader)
        state.withLock { $0.expander = expander }
        return try result.get()
    }

    // MARK: - Aliases

    /// The expander and tables to use now, after checking their files if the interval has passed.
    func current() -> (AliasExpander, Tables) {
        let checkedAt = now()
        let (expander, tables, due) = state.withLock { state in
            guard checkedAt - state.lastCheck >= aliasCheckInterval else { return (state.expander, state.tables, false) }
            // Claim the check so that concurrent callers carry on with the current table.
            state.lastCheck = checkedAt
            return (state.expander, state.tables, true)
        }
        guard due else { return (expander, tables) }
        var table = expander.table
        var newTables = tables
        let aliasesChanged: Bool
        do throws(ConfigError) {
            aliasesChanged = try table.reloadIfChanged()
        } catch {
            onAliasError(error)
            aliasesChanged = true
        }
        do throws(ConfigError) {
            _ = try newTables.reloadIfChanged()
        } catch {
            onAliasError(error)
        }
        // Kept even after a failure: the tables remember the broken file, so it is reported once.
        state.withLock { $0.tables = newTables }
        guard aliasesChanged else { return (expander, newTables) }
        let reloaded = Self.expander(table, policy: policy, includeReader: includeReader)
        state.withLock { $0.expander = reloaded }
        return (reloaded, newTables)
    }

    private static func expander(_ table: AliasTable, policy: RoutingPolicy,
                                 includeReader: AliasIncludeReader) -> AliasExpander {
        AliasExpander(table: table, recipientDelimiter: policy.recipientDelimiter, includeReader: includeReader,
                      isLocalDomain: { policy.isLocalDomain($0) })
    }

    // MARK: - Accounts (used by RecipientRouter+Local.swift)

    /// The account for `address`, as `UserDatabase` finds it; routing never needs its password.
    func account(for address: EmailAddress) throws -> Account? {
        try users.accountWithoutPassword(for: address)
    }
}
