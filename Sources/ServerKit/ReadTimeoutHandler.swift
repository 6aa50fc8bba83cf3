import NIOCore

/// A read timeout that the driver sets for each wait, where `IdleStateHandler`'s is fixed: an SMTP
/// client waits 5 minutes for a greeting and 10 for the reply to a message (RFC 5321 §4.5.3.2).
/// The clock restarts at every read; when it runs out the reader gets ``TransportInput/idleTimeout``,
/// as on a listener. Set with ``ReadTimeoutRequest`` through the pipeline.
final class ReadTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    typealias OutboundIn = NIOAny

    private var timeout: TimeAmount?
    private var deadline: Scheduled<Void>?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        arm(context: context)
        context.fireChannelRead(data)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard let request = event as? ReadTimeoutRequest else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        timeout = request.timeout.map(TimeAmount.init)
        arm(context: context)
        promise?.succeed()
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
    }

    private func arm(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = timeout.map { timeout in
            context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
                // The TransportHandler turns this into the reader's idle-timeout marker.
                context.fireUserInboundEventTriggered(IdleStateHandler.IdleStateEvent.read)
            }
        }
    }
}

/// Sets (or, with `nil`, clears) an outbound connection's read timeout from now on.
struct ReadTimeoutRequest: Sendable {
    let timeout: Duration?
}
