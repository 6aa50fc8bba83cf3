import Foundation
import Logging
import MailQueue
import NIOCore
import NIOPosix
import ServiceLifecycle

/// Listens on the queue's pickup socket (``MailQueue/QueuePickup``): it tells the queue to look for
/// messages that `mailroom sendmail` committed, so they are delivered at once, and carries out the
/// commands of `mailroom queue flush|delete|hold|release`. The socket is in the queue directory,
/// which only the mail owner can enter.
final class PickupListener: Service {
    /// How long a connection may stay open without sending its command and closing its side.
    static let idleTimeout: Duration = .seconds(10)

    private let channel: any Channel

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// Binds the socket (replacing a stale one from a previous run).
    static func bind(queue: MailQueue, logger: Logger) async throws -> PickupListener {
        let path = QueuePickup.socketPath(queueDirectory: queue.directory)
        let idleTimeout = Self.idleTimeout
        do {
            let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                // A client closes its side after its command and still reads the answer.
                .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandlers(
                            IdleStateHandler(readTimeout: TimeAmount(idleTimeout)), PickupHandler(queue: queue))
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

/// One connection to the queue's socket. A client that sends nothing (`mailroom sendmail`'s ring)
/// rings ``MailQueue/pickUp()``. One that sends a command line and closes its side gets a one-line
/// answer (``QueueControlCommand``): `flush` makes every deferred message due now; `delete`, `hold`
/// and `release` with queue IDs or `ALL` act on messages. A client that neither writes nor closes is
/// dropped after ``PickupListener/idleTimeout``.
private final class PickupHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let queue: MailQueue
    private var received = ByteBuffer()
    private var answered = false

    init(queue: MailQueue) {
        self.queue = queue
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        // A command line is short; what is longer is not one.
        if received.readableBytes < 64 * 1024 { received.writeBuffer(&bytes) }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            // A command being carried out (a delete of a large queue) may take longer: its answer is due.
            if !answered { context.close(promise: nil) }
        } else if case .inputClosed = event as? ChannelEvent {
            answer(context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !answered, received.readableBytes == 0 {
            answered = true
            queue.pickUp()
        }
        context.fireChannelInactive()
    }

    private func answer(context: ChannelHandlerContext) {
        guard !answered else { return }
        answered = true
        let text = String(buffer: received).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            queue.pickUp()
            context.close(promise: nil)
            return
        }
        let queue = queue
        let promise = context.eventLoop.makePromise(of: String.self)
        promise.completeWithTask { await QueueControlCommand(text).carryOut(on: queue) }
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        promise.futureResult.whenSuccess { reply in
            let context = bound.value
            context.writeAndFlush(NIOAny(ByteBuffer(string: reply + "\n"))).whenComplete { _ in bound.value.close(promise: nil) }
        }
    }
}
