import Foundation
import Logging
import MailQueue
import MailroomConfig
import NIOCore
import NIOSSL
import Accounts
import IMAPMailbox
import IMAPProtocol
import IMAPServer
import POP3Server
import SMTPServer
import ServerKit
import ServiceLifecycle
import UnixSignals

/// The whole server: every listener the settings enable, run as one `ServiceGroup` that stops
/// gracefully on SIGTERM and SIGINT.
///
/// ``start(settings:logger:)`` does everything that can fail on a bad setting (data
/// directory, certificate, binding every port) before anything is served, so a mistake is one line
/// and exit status 1, never a half-started server.
public struct MailroomServer: Sendable {
    /// One bound listener: its name and address as printed in `NAME listening on ADDR:PORT`.
    public struct BoundListener: Sendable {
        /// `smtp`, `imaps`, …
        public let name: String
        /// `127.0.0.1:2525`.
        public let address: String
    }

    /// The listeners, in the order they were bound.
    public let listeners: [BoundListener]
    private let services: [any Service]
    private let logger: Logger

    /// Prepares the data directory, TLS and the shared services, and binds every enabled listener.
    public static func start(settings: Settings, logger: Logger) async throws -> MailroomServer {
        try DataDirectory.prepare(settings.dataDirectory)
        let separation = try PrivilegeSeparation.start(settings: settings, logger: logger)
        let tls = try makeTLSContext(settings)
        try separation?.giveDataDirectory(settings.dataDirectory)
        let mail = try MailServices.make(settings: settings, logger: logger, agent: separation?.agent)
        var binder = ListenerBinder(settings: settings, tls: tls, logger: logger)
        var dnsServices: [any Service] = []
        for listener in settings.enabledListeners {
            switch listener.serviceProtocol {
            case .smtp, .submission, .submissions, .lmtp:
                let handler = SMTPConnectionHandler(
                    configuration: SMTPSettings.configuration(for: listener, settings: settings),
                    authenticator: mail.authenticator, router: mail.router, sink: mail.queue,
                    threadPool: mail.threadPool, logger: logger.tagged("listener", listener.rawValue))
                try await binder.bind(listener, handler: handler)
            case .pop3:
                let services = POP3ConnectionHandler.Services(
                    authenticator: mail.authenticator,
                    plaintextLogins: PlaintextLoginPolicy(disablePlaintextAuth: settings.disablePlaintextAuth,
                                                          trustedNetworks: settings.loginTrustedNetworks),
                    mailbox: mail.inbox, store: mail.store, folders: mail.folders, hub: mail.hub,
                    threadPool: mail.threadPool, logger: logger.tagged("listener", listener.rawValue))
                try await binder.bind(listener, handler: POP3ConnectionHandler(services: services))
            case .imap:
                let services = IMAPConnectionHandler.Services(
                    authenticator: mail.authenticator,
                    plaintextLogins: PlaintextLoginPolicy(disablePlaintextAuth: settings.disablePlaintextAuth,
                                                          trustedNetworks: settings.loginTrustedNetworks),
                    mail: { account in
                        let opened = try mail.folders(account)
                        return AccountMail(store: opened.store, hubKey: opened.hubKey, release: opened.release)
                    },
                    hub: mail.hub, settings: imapSettings(settings), threadPool: mail.threadPool,
                    logger: logger.tagged("listener", listener.rawValue))
                try await binder.bind(listener, handler: IMAPConnectionHandler(services: services),
                                      idleTimeout: settings.imapLoginTimeout, sessionTimeLimited: false)
            case .dns:
                dnsServices = try await DNSListeners.bind(settings: settings, binder: &binder, logger: logger)
            }
        }
        let pickup = try await PickupListener.bind(queue: mail.queue, logger: logger)
        let sendmail = try await SendmailListener.bind(
            dataDirectory: settings.dataDirectory,
            session: SendmailSession.Services(
                router: mail.router, sink: mail.queue, hostname: settings.myhostname, mydomain: settings.mydomain,
                messageSizeLimit: settings.messageSizeLimit == 0 ? nil : settings.messageSizeLimit,
                owner: DataDirectory.owner(settings.dataDirectory) ?? geteuid()),
            idleTimeout: settings.smtpdTimeout, connectionsPerUser: settings.smtpdClientConnectionCountLimit,
            connectionLimit: settings.defaultProcessLimit, logger: logger.tagged("listener", "sendmail"))
        if let separation {
            // Again: the sockets and queue files made since then were made as root.
            try separation.giveDataDirectory(settings.dataDirectory)
            try separation.drop()
            try checkReadableAfterDrop(settings)
            logger.info("running as \(settings.mailOwner); the privileged agent keeps root")
        }
        return MailroomServer(listeners: binder.bound,
                              services: [mail.queue, pickup, sendmail] + binder.servers + dnsServices,
                              logger: logger)
    }

    /// Serves until SIGTERM or SIGINT, then stops gracefully: listeners close at once, open
    /// connections get `gracefulShutdownTimeout` to finish before they are cancelled.
    ///
    /// `announce` gets each `NAME listening on ADDR:PORT` line once the signal handlers are in place,
    /// so a supervisor that sends SIGTERM as soon as it sees the lines always gets a graceful stop.
    public func run(gracefulShutdownTimeout: Duration = .seconds(30),
                    announce: @escaping @Sendable (String) -> Void = { _ in }) async throws {
        let lines = listeners.map { "\($0.name) listening on \($0.address)" }
        let announcer = ServiceGroupConfiguration.ServiceConfiguration(
            service: AnnouncementService(lines: lines, announce: announce), successTerminationBehavior: .ignore)
        var configuration = ServiceGroupConfiguration(services: services.map { .init(service: $0) } + [announcer],
                                                      gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = gracefulShutdownTimeout
        try await ServiceGroup(configuration: configuration).run()
    }

    /// The IMAP listener's settings from `mailroom.conf`.
    private static func imapSettings(_ settings: Settings) -> IMAPSettings {
        let messageSize = settings.messageSizeLimit == 0 ? Int(Int32.max) : settings.messageSizeLimit
        return IMAPSettings(
            greeting: "\(settings.myhostname) mailroom ready.",
            limits: IMAPLimits(commandLength: settings.imapMaxLineLength, messageSize: messageSize),
            sessionsPerUserAndAddress: settings.mailMaxUserIPConnections,
            authenticatedIdleTimeout: settings.imapAutologout, listenerIdleTimeout: settings.imapLoginTimeout,
            idleCheckInterval: settings.mailboxIdleCheckInterval, zone: .host)
    }

    /// `mail_owner` must reach the data directory (every directory above it searchable) and read a
    /// users file kept elsewhere, or the server would run without its queue or its logins.
    private static func checkReadableAfterDrop(_ settings: Settings) throws(AppError) {
        guard access(settings.dataDirectory, R_OK | W_OK | X_OK) == 0 else {
            throw AppError("\(settings.dataDirectory): mail_owner \(settings.mailOwner) cannot reach data_directory "
                           + "(\(String(cString: strerror(errno)))); make the directories above it searchable (chmod o+x)")
        }
        guard case .passwdFile(let path) = settings.userDatabase, access(path, F_OK) == 0, access(path, R_OK) != 0 else { return }
        throw AppError("\(path): mail_owner \(settings.mailOwner) cannot read the users file; give it to that account (chown)")
    }

    private static func makeTLSContext(_ settings: Settings) throws -> NIOSSLContext {
        let material: TLSMaterial
        switch (settings.tlsCertFile, settings.tlsKeyFile) {
        case let (certificate?, key?):
            material = TLSMaterial(certificateFile: certificate, keyFile: key)
        case (nil, nil):
            material = try TLSMaterial.selfSigned(in: settings.dataDirectory, hostname: settings.myhostname)
        case (.some, nil):
            throw AppError("tls_cert_file is set but tls_key_file is not")
        case (nil, .some):
            throw AppError("tls_key_file is set but tls_cert_file is not")
        }
        return try material.makeServerContext()
    }
}
