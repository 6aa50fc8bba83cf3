import Foundation
import Logging
import MailQueue
import NIOCore
import NIOPosix
import ServiceLifecycle

/// Listens on the queue's pickup socket (``MailQueue/QueuePickup``) and tells the queue to look for
/// messages that `mailroom sendmail` committed, so they are delivered at once. Each connection is one
/// ring; nothing is read from it.
final class PickupListener: Service {
    private let channel: any Channel

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// Binds the socket (replacing a stale one from a previous run).
    static func bind(queue: MailQueue, logger: Logger) async throws -> PickupListener {
        let path = QueuePickup.socketPath(queueDirectory: queue.directory)
        do {
            let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(PickupHandler(queue: queue))
                    }
                }
                .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true).get()
            return PickupListener(channel: channel)
        } catch {
            throw AppError("\(path): cannot listen for sendmail's pickup signal: \(AppError.reason(error))")
        }
    }

    func run() async throws {
        try await withGracefulShutdownHandler {
            try await channel.closeFuture.get()
        } onGracefulShutdown: {
            self.channel.close(promise: nil)
        }
    }
}

/// Rings ``MailQueue/pickUp()`` for every connection, then closes it.
private final class PickupHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let queue: MailQueue

    init(queue: MailQueue) {
        self.queue = queue
    }

    func channelActive(context: ChannelHandlerContext) {
        queue.pickUp()
        context.close(promise: nil)
    }
}
