import Accounts
import Logging
import MailCore
import MailRouting
import NIOPosix
import SMTPProtocol
import ServerKit

/// Serves SMTP (RFC 5321), submission (RFC 6409) and LMTP (RFC 2033) connections: the NIO glue that
/// feeds an ``SMTPServerMachine`` and carries out its actions with the injected services.
public struct SMTPConnectionHandler: ConnectionHandler {
    let configuration: SMTPServiceConfiguration
    let services: SMTPSession.Services

    /// A handler for one listener; a failed AUTH is answered after `failedLoginDelay`.
    public init(configuration: SMTPServiceConfiguration, authenticator: Authenticator, router: RecipientRouter,
                sink: any MessageSink, threadPool: NIOThreadPool = .singleton, failedLoginDelay: Duration = .seconds(2),
                logger: Logger) {
        self.configuration = configuration
        self.services = SMTPSession.Services(authenticator: authenticator, router: router, sink: sink,
                                             threadPool: threadPool, logger: logger, failedLoginDelay: failedLoginDelay)
    }

    public func handle(_ connection: Connection) async {
        let logger = connection.tagging(services.logger)
        let machineConfiguration = configuration.machineConfiguration(
            clientAddress: connection.remoteAddress, implicitTLS: connection.isImplicitTLS,
            canStartTLS: connection.canStartTLS)
        do {
            try await connection.withIO { reader, writer in
                var session = SMTPSession(connection: connection, machine: SMTPServerMachine(configuration: machineConfiguration),
                                          services: services, logger: logger, writer: writer,
                                          commandLineLimit: reader.maximumLineLength)
                try await session.run(&reader)
            }
        } catch {
            logger.info("connection ended: \(error)")
        }
    }

    public func refuse(_ connection: Connection, reason: RefusalReason) async {
        let hostname = configuration.machine.hostname
        let reply = switch reason {
        case .tooManyConnectionsFromAddress:
            SMTPReply(.serviceNotAvailable, EnhancedStatusCode("4.7.0"), "\(hostname) Error: too many connections from "
                + (connection.remoteAddress.map(String.init(describing:)) ?? "unknown"))
        case .tooManyConnections:
            // postscreen(8)'s words when every smtpd process is busy.
            SMTPReply(.serviceNotAvailable, EnhancedStatusCode("4.3.2"), "\(hostname) Error: all server ports are busy")
        }
        try? await connection.withIO { _, writer in try await writer.write(reply.wireFormat) }
    }
}
