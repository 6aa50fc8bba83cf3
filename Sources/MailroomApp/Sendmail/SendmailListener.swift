import CPeerCredentials
import Foundation
import LocalSubmission
import MailCore
import Logging
import NIOCore
import NIOPosix
import SMTPProtocol
import ServerKit
import ServiceLifecycle

/// Listens on `$data_directory/public/sendmail` (0666) for `mailroom sendmail` run by users who cannot
/// write the queue, and runs a ``SendmailSession`` for each. The kernel names each peer's uid
/// (`SO_PEERCRED`), so no set-id program is needed to know who submits.
final class SendmailListener: Service {
    private let channel: NIOAsyncChannel<Accepted, Never>
    private let session: SendmailSession.Services
    /// Sessions in all (`default_process_limit`) and per uid (`smtpd_client_connection_count_limit`), so
    /// that one local user cannot hold every slot or descriptor.
    private let slots: ConnectionLimiter<uid_t>
    private let logger: Logger

    /// One accepted connection and the uid the kernel gave for its peer.
    struct Accepted: Sendable {
        let connection: Connection
        let uid: uid_t
    }

    private init(channel: NIOAsyncChannel<Accepted, Never>, session: SendmailSession.Services,
                 slots: ConnectionLimiter<uid_t>, logger: Logger) {
        self.channel = channel
        self.session = session
        self.slots = slots
        self.logger = logger
    }

    /// Binds the socket (replacing a stale one from a previous run) and opens it to every user.
    static func bind(dataDirectory: String, session: SendmailSession.Services, idleTimeout: Duration?,
                     connectionsPerUser: Int, connectionLimit: Int, logger: Logger) async throws -> SendmailListener {
        try DataDirectory.preparePublic(dataDirectory)
        let path = DataDirectory.sendmailSocketPath(dataDirectory)
        let channel: NIOAsyncChannel<Accepted, Never>
        do {
            channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true) { child in
                    peerUID(child).flatMapThrowing { uid in
                        Accepted(connection: try Connection.local(
                            child, listenerName: "sendmail", maximumLineLength: LocalSubmissionLimits.commandLineLength,
                            idleTimeout: idleTimeout), uid: uid)
                    }
                }
            guard chmod(path, 0o666) == 0 else { throw AppError(String(cString: strerror(errno))) }
        } catch {
            throw AppError("\(path): cannot listen for local submission: \(AppError.reason(error))")
        }
        return SendmailListener(channel: channel, session: session,
                                slots: ConnectionLimiter(perAddress: connectionsPerUser, total: connectionLimit), logger: logger)
    }

    func run() async throws {
        try await withGracefulShutdownHandler {
            try await channel.executeThenClose { accepted in
                await withDiscardingTaskGroup { group in
                    do {
                        for try await peer in accepted {
                            if let refusal = slots.acquire(peer.uid) {
                                group.addTask { await self.refuse(peer, refusal) }
                                continue
                            }
                            group.addTask {
                                defer { self.slots.release(peer.uid) }
                                await SendmailSession(services: self.session, peer: peer, logger: self.logger).run()
                            }
                        }
                    } catch {
                        logger.debug("accept loop ended", metadata: ["error": "\(error)"])
                    }
                }
            }
        } onGracefulShutdown: {
            self.channel.channel.close(promise: nil)
        }
    }

    /// Answers a submission over the limits with `421 4.3.2` (sendmail exits 75, nothing sent) and closes.
    private func refuse(_ peer: Accepted, _ refusal: RefusalReason) async {
        logger.notice("local submission refused", metadata: ["uid": "\(peer.uid)", "reason": "\(refusal)"])
        let reply = SMTPReply(.serviceNotAvailable, EnhancedStatusCode("4.3.2"), "Error: too many local submissions, try later")
        try? await peer.connection.withIO { _, writer in try await writer.write(reply.wireFormat) }
    }

    /// The peer's uid from the kernel (`SO_PEERCRED`, socket(7)): the uid that connected, which the
    /// peer cannot choose.
    private static func peerUID(_ channel: any Channel) -> EventLoopFuture<uid_t> {
        guard let provider = channel as? any SocketOptionProvider else {
            return channel.eventLoop.makeFailedFuture(AppError("the socket cannot report its peer"))
        }
        let credentials: EventLoopFuture<mailroom_peer_credentials> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
        return credentials.map { $0.uid }
    }
}
