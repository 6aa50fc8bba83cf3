import Accounts
import Logging
import MailCore
import MailFolders
import MailQueue
import MailRouting
import MailStore
import MailroomConfig
import NIOPosix
import OutboundDelivery
import PrivilegedAgent

/// The services every mail protocol shares, built once from the settings: the account database, the
/// authenticator, the recipient router and the queue (which delivers into the mail store).
struct MailServices: Sendable {
    let users: any UserDatabase
    let authenticator: Authenticator
    let router: RecipientRouter
    let queue: MailQueue
    /// Blocking work (crypt, fsync, mailbox locks) runs here, never on an event loop or Swift's
    /// cooperative pool; sized for concurrent sessions each holding a thread during its commit.
    let threadPool: NIOThreadPool
    /// An account's INBOX, for delivery and for POP3.
    let inbox: @Sendable (Account) throws -> MailboxLocation
    /// How mailboxes are reached: directly, or through the privileged agent.
    let store: MailboxDeliveryAgent.Configuration
    /// Tells IMAP sessions in IDLE about deliveries and each other's changes.
    let hub: FolderChangeHub
    /// An account's folders (IMAP and POP3), one store per account for all its sessions.
    let folders: @Sendable (Account) throws -> (store: any FolderStore, hubKey: String, release: @Sendable () -> Void)

    /// - Parameter agent: the privileged agent of a server that drops root; mailbox work and system
    ///   account passwords then go through it.
    static func make(settings: Settings, logger: Logger, agent: PrivilegedAgent? = nil) throws -> MailServices {
        let users = userDatabase(settings)
        let router = try RecipientRouter(settings: settings, users: users) { error in
            logger.error("alias file not reloaded: \(error)")
        }
        let threadPool = NIOThreadPool(numberOfThreads: 16)
        threadPool.start()
        let inbox = inboxFinder(settings, virtualOwner: try VirtualMailOwner.resolve(settings))
        var store = MailboxDeliveryAgent.Configuration(hostName: settings.myhostname)
        if let agent {
            store.fileSystem = AgentMailboxFileSystem(agent: agent)
        }
        let hub = FolderChangeHub()
        let stores = SharedFolderStores()
        // Deliveries at once: Postfix's default_process_limit bounds its local and smtp processes so.
        var queueConfiguration = MailQueue.Configuration(
            hostName: settings.myhostname, deliveryConcurrency: settings.defaultProcessLimit,
            retryPolicy: RetryPolicy(minimalBackoff: settings.minimalBackoffTime, maximalBackoff: settings.maximalBackoffTime,
                                     maximalQueueLifetime: settings.maximalQueueLifetime,
                                     bounceQueueLifetime: settings.bounceQueueLifetime, delayWarning: settings.delayWarningTime),
            queueRunDelay: max(settings.queueRunDelay, .seconds(1)))
        queueConfiguration.notices = noticePolicy(settings)
        // Notices go where mail to their address would: through the aliases (postmaster: root).
        queueConfiguration.noticeRecipients = { address in
            router.route(recipient: address, client: ClientContext(address: nil, isAuthenticated: true)).recipients
        }
        let queue = try MailQueue(
            directory: settings.dataDirectory + "/queue",
            configuration: queueConfiguration,
            mailboxDelivery: AnnouncingMailboxDelivery(MailboxDeliveryAgent(configuration: store), hub: hub, stores: stores),
            mailboxResolver: { address in
                guard let address = EmailAddress(address), let account = try users.accountWithoutPassword(for: address) else { return nil }
                return try inbox(account)
            },
            isLocalAddress: { address in EmailAddress(address).map { router.isLocalDomain($0.domain) } ?? false },
            remoteTransport: try outboundTransport(settings, threadPool: threadPool, logger: logger),
            threadPool: threadPool,
            logger: logger.tagged("component", "queue"))
        let authenticator = Authenticator(
            database: users, defaultDomain: settings.mydomain, validUIDs: validUIDs(settings),
            passwordChecker: agent.flatMap { agent in
                if case .system = settings.userDatabase { AgentPasswordChecker(agent: agent) } else { nil }
            }
        ) { account, reason in
            logger.notice("login refused: \(reason)", metadata: ["account": "\(account.address)"])
        }
        return MailServices(users: users, authenticator: authenticator,
                            router: router, queue: queue, threadPool: threadPool, inbox: inbox, store: store, hub: hub,
                            folders: folderOpener(settings, inbox: inbox, store: store, shared: stores))
    }

    /// Bounce size and postmaster notices from `bounce_size_limit`, `notify_classes` and the
    /// `*_notice_recipient` settings; a recipient without a domain gets `@$myorigin`, as in Postfix.
    static func noticePolicy(_ settings: Settings) -> NoticePolicy {
        func qualified(_ address: String) -> String { address.contains("@") ? address : "\(address)@\(settings.myorigin)" }
        return NoticePolicy(
            bounceSizeLimit: settings.bounceSizeLimit,
            postmasterCopies: Set(settings.notifyClasses.compactMap(NoticePolicy.PostmasterCopy.init(rawValue:))),
            bounceNoticeRecipient: qualified(settings.bounceNoticeRecipient),
            doubleBounceNoticeRecipient: qualified(settings.doubleBounceNoticeRecipient),
            delayNoticeRecipient: qualified(settings.delayNoticeRecipient))
    }

    /// SMTP to other domains' MX hosts or to `relayhost`, through the `resolver`.
    static func outboundTransport(_ settings: Settings, threadPool: NIOThreadPool, logger: Logger) throws -> SMTPTransport {
        var outbound = OutboundSettings(hostName: settings.myhostname, relay: settings.relayhost,
                                        remotePort: settings.smtpRemotePort, tlsLevel: settings.smtpTLSSecurityLevel)
        outbound.destinationConcurrencyLimit = settings.defaultDestinationConcurrencyLimit
        outbound.deadDestinationSuspension = settings.minimalBackoffTime
        outbound.destinationRateDelay = settings.defaultDestinationRateDelay
        if settings.enabledListeners.contains(.smtp), let port = settings.ports[.smtp] {
            outbound.ownListener = (Set(HostAddresses.listening(settings.inetInterfaces).map(\.unmapped)), port)
        }
        outbound.tlsProtocols = settings.smtpTLSProtocols
        outbound.mandatoryTLSProtocols = settings.smtpTLSMandatoryProtocols
        outbound.verifyCertMatch = settings.smtpTLSVerifyCertMatch
        outbound.secureCertMatch = settings.smtpTLSSecureCertMatch
        do {
            outbound.tlsPolicies = try TLSPolicyMap.load(settings.smtpTLSPolicyMaps)
        } catch {
            throw AppError("smtp_tls_policy_maps: \(error.description)")
        }
        try trustCAs(settings, in: &outbound, logger: logger)
        if settings.smtpSASLAuthEnable {
            do {
                outbound.logins = try SASLPasswordMap.load(settings.smtpSASLPasswordMaps)
            } catch {
                throw AppError("smtp_sasl_password_maps: \(error.description)")
            }
        }
        return try SMTPTransport(settings: outbound, resolver: try MailResolver.make(settings: settings),
                                 threadPool: threadPool, logger: logger.tagged("component", "smtp"))
    }

    /// Trusts the CAs of `smtp_tls_CAfile` and `smtp_tls_CApath` (the system's when neither is set).
    /// CAs that cannot be read stop the start only when a destination is checked against them
    /// (`verify`, `secure`, after `smtp_tls_policy_maps` is read); otherwise they are a warning, as
    /// Postfix reads them only when needed (Debian's main.cf names /etc/ssl/certs even on hosts
    /// without it).
    static func trustCAs(_ settings: Settings, in outbound: inout OutboundSettings, logger: Logger) throws {
        let levels = [settings.smtpTLSSecurityLevel] + outbound.tlsPolicies.entries.values.map(\.level)
        let checked = levels.contains { $0 == .verify || $0 == .secure }
        do {
            let loaded = try TrustedCAs.load(file: settings.smtpTLSCAFile, directory: settings.smtpTLSCAPath)
            guard let loaded else { return }
            for path in loaded.skipped {
                logger.warning("smtp_tls_CApath: \(path): skipped, its certificate could not be read")
            }
            outbound.trustedCAs = loaded.store
        } catch {
            guard !checked else { throw AppError(error.description) }
            logger.warning("\(error.description) (no destination is verified against it)")
        }
    }

    /// An account's INBOX from `mail_location` (`%u` is the name as the database holds it, `~` its home),
    /// owned by the uid and gid the database names, else by `virtualOwner` (Dovecot's `mail_uid` and
    /// `mail_gid` fill in for a userdb without them).
    static func inboxFinder(
        _ settings: Settings, virtualOwner: MailboxOwner
    ) -> @Sendable (Account) throws -> MailboxLocation {
        let location = settings.mailLocation
        return { account in
            let owner = MailboxOwner(uid: account.uid ?? virtualOwner.uid, gid: account.gid ?? virtualOwner.gid)
            return try MailboxLocation(
                inboxOf: location, name: account.name, address: account.address, home: account.home, owner: owner)
        }
    }

    /// Opens an account's folders: the store shared by the account's sessions while any is open, keyed
    /// (and announced in the hub) by the INBOX's path, as deliveries announce it.
    static func folderOpener(
        _ settings: Settings, inbox: @escaping @Sendable (Account) throws -> MailboxLocation,
        store configuration: MailboxDeliveryAgent.Configuration, shared: SharedFolderStores
    ) -> @Sendable (Account) throws -> (store: any FolderStore, hubKey: String, release: @Sendable () -> Void) {
        return { account in
            let location = try inbox(account)
            let (store, release) = try shared.acquire(key: location.path) {
                try LocalFolderStore.open(account: account.name, address: account.address, home: account.home,
                                          owner: location.owner, mailLocation: settings.mailLocation,
                                          dataDirectory: settings.dataDirectory, configuration: configuration)
            }
            return (store, location.path, release)
        }
    }

    /// `first_valid_uid` and `last_valid_uid` (`0`: no upper limit).
    static func validUIDs(_ settings: Settings) -> ValidUIDRange {
        ValidUIDRange(first: settings.firstValidUID, last: settings.lastValidUID == 0 ? nil : settings.lastValidUID)
    }

    /// The database `user_database` names.
    static func userDatabase(_ settings: Settings) -> any UserDatabase {
        switch settings.userDatabase {
        case .passwdFile(let path): PasswdFileDatabase(path: path, dataDirectory: settings.dataDirectory)
        case .system: SystemUserDatabase(mailDomain: settings.mydomain)
        }
    }
}
