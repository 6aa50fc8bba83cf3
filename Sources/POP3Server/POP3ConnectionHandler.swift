import Accounts
import Logging
import MailFolders
import MailStore
import NIOPosix
import POP3Protocol
import ServerKit

/// Serves POP3 (RFC 1939) and POP3S (RFC 8314) connections: the NIO glue that feeds a
/// ``POP3ServerMachine`` and carries out its actions against the account database and the account's
/// folder store.
public struct POP3ConnectionHandler: ConnectionHandler {
    /// What a POP3 listener needs besides the machine.
    public struct Services: Sendable {
        /// An account's folder store, shared with its other sessions (IMAP's too), the account's name
        /// in `hub`, and the call that gives the store back.
        public typealias FolderOpener = @Sendable (Account) throws -> (store: any FolderStore, hubKey: String, release: @Sendable () -> Void)

        let authenticator: Authenticator
        let plaintextLogins: PlaintextLoginPolicy
        let mailbox: @Sendable (Account) throws -> MailboxLocation
        let store: MailboxDeliveryAgent.Configuration
        let folders: FolderOpener
        let hub: FolderChangeHub
        let failedLoginDelay: Duration
        let threadPool: NIOThreadPool
        let logger: Logger

        /// Services for one listener. `mailbox` finds an account's INBOX (from `mail_location`), where
        /// the maildrop lock (RFC 1939 §8) is taken as `store` says mailboxes are reached (the privileged
        /// agent, once the server dropped root); `folders` opens the account's messages and `hub` tells its IMAP
        /// sessions in IDLE what a POP3 session deleted; `failedLoginDelay` slows password guessing as
        /// Dovecot's `auth_failure_delay` (2 s) does.
        public init(authenticator: Authenticator, plaintextLogins: PlaintextLoginPolicy,
                    mailbox: @escaping @Sendable (Account) throws -> MailboxLocation,
                    store: MailboxDeliveryAgent.Configuration = .init(),
                    folders: @escaping FolderOpener, hub: FolderChangeHub,
                    failedLoginDelay: Duration = .seconds(2), threadPool: NIOThreadPool, logger: Logger) {
            self.authenticator = authenticator
            self.plaintextLogins = plaintextLogins
            self.mailbox = mailbox
            self.store = store
            self.folders = folders
            self.hub = hub
            self.failedLoginDelay = failedLoginDelay
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
        let configuration = POP3ServerConfiguration(
            offersSTLS: connection.canStartTLS, tlsActive: connection.isImplicitTLS,
            allowsPlaintextWithoutTLS: services.plaintextLogins.allowsPlaintextWithoutTLS(from: connection.remoteAddress))
        var session = POP3Session(connection: connection, machine: POP3ServerMachine(configuration: configuration),
                                  services: services, logger: logger)
        // What blocks (crypt, the store) goes to the thread pool; the session itself stays on its loop.
        await connection.serve(logging: logger) { reader, writer in
            try await session.run(&reader, writer)
        }
        session.releaseMaildrop()
    }

    public func refuse(_ connection: Connection, reason: RefusalReason) async {
        let response = switch reason {
        case .tooManyConnectionsFromAddress: POP3Response.error(.systemTemporary, "Too many connections from your address.")
        case .tooManyConnections: POP3Response.error(.systemTemporary, "Too many connections, try again later.")
        }
        try? await connection.withIO { _, writer in try await writer.write(response.wireFormat) }
    }
}
