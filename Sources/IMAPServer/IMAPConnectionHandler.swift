import Accounts
import IMAPProtocol
import Logging
import MailFolders
import NIOPosix
import ServerKit

/// Serves IMAP (RFC 9051, RFC 3501) and IMAPS (RFC 8314) connections: the NIO glue that feeds an
/// ``IMAPServerMachine`` and carries out its actions against the account database and each account's
/// ``FolderStore``. The session runs on its connection's event loop; only blocking work (password
/// checks, the store) goes to the thread pool.
public struct IMAPConnectionHandler: ConnectionHandler {
    /// What an IMAP listener needs besides the machine.
    public struct Services: Sendable {
        let authenticator: Authenticator
        let plaintextLogins: PlaintextLoginPolicy
        let mail: @Sendable (Account) throws -> AccountMail
        let hub: FolderChangeHub
        let settings: IMAPSettings
        let userSessions: UserSessionLimiter
        let threadPool: NIOThreadPool
        let logger: Logger

        /// Services for one listener. `mail` opens an account's folders (shared by its sessions);
        /// `hub` carries changes between sessions and from deliveries.
        public init(authenticator: Authenticator, plaintextLogins: PlaintextLoginPolicy,
                    mail: @escaping @Sendable (Account) throws -> AccountMail, hub: FolderChangeHub,
                    settings: IMAPSettings, threadPool: NIOThreadPool, logger: Logger) {
            self.authenticator = authenticator
            self.plaintextLogins = plaintextLogins
            self.mail = mail
            self.hub = hub
            self.settings = settings
            self.userSessions = UserSessionLimiter(limit: settings.sessionsPerUserAndAddress)
            self.threadPool = threadPool
            self.logger = logger
        }
    }

    let services: Services

    /// A handler for one listener.
    public init(services: Services) {
        self.services = services
    }

    public func handle(_ connection: Connection) async {
        let logger = connection.tagging(services.logger)
        let configuration = IMAPServerConfiguration(
            greeting: services.settings.greeting, offersSTARTTLS: connection.canStartTLS, tlsActive: connection.isImplicitTLS,
            allowsPlaintextWithoutTLS: services.plaintextLogins.allowsPlaintextWithoutTLS(from: connection.remoteAddress),
            limits: services.settings.limits)
        var session = IMAPSession(connection: connection, machine: IMAPServerMachine(configuration: configuration),
                                  services: services, logger: logger)
        await connection.serve(logging: logger) { reader, writer in
            try await session.run(&reader, writer)
        }
        session.end()
    }

    public func refuse(_ connection: Connection, reason: RefusalReason) async {
        try? await connection.withIO { _, writer in
            try await writer.write("* BYE [UNAVAILABLE] Too many connections, try again later\r\n")
        }
    }
}
