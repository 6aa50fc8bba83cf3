import NIOCore

/// Closes a connection whose output has been stuck for the listener's write timeout: the peer stopped
/// reading, the socket's buffer and then the channel's filled up, and the channel turned unwritable.
///
/// Without it, a driver waiting to write (a POP3 RETR to a client that never reads, replies to a client
/// that floods commands without reading them) would wait forever, holding its task, its memory and
/// any lock it took (the POP3 maildrop). The clock runs only while the channel is unwritable and
/// starts again each time the peer reads enough to make it writable, so a slow but steady reader is
/// never cut off; Postfix applies `smtpd_timeout` to each write in the same spirit. Reads have their
/// own idle timeout (`IdleStateHandler`).
final class WriteTimeoutHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            cancelDeadline()
        } else if deadline == nil {
            deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
                // The stream the driver reads ends with the error; its pending write fails on the close.
                context.fireErrorCaught(ServerKitError.writeTimeout)
                context.close(promise: nil)
            }
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelDeadline()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelDeadline()
    }

    private func cancelDeadline() {
        deadline?.cancel()
        deadline = nil
    }
}
