import NIOCore
import NIOSSL
import NIOTLS

/// The glue between the socket and a connection's reader: it passes bytes on as ``TransportInput``,
/// turns the TLS handshake and idle timeouts into markers in the same stream, and carries out a
/// ``StartTLSRequest``. It only moves bytes; framing is the reader's, decisions the protocol machine's.
final class TransportHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = TransportInput
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let tlsContext: NIOSSLContext?

    /// `tlsContext` enables STARTTLS; `nil` when the connection cannot (or already does) use TLS.
    init(startTLSContext tlsContext: NIOSSLContext?) {
        self.tlsContext = tlsContext
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(wrapInboundOut(.bytes(unwrapInboundIn(data))))
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        context.write(data, promise: promise)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard let request = event as? StartTLSRequest else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        guard let tlsContext else {
            promise?.fail(ServerKitError.tlsUnavailable)
            return
        }
        // The reply goes out before the TLS handler exists, so it is sent in plaintext (RFC 3207 §4).
        context.writeAndFlush(wrapOutboundOut(request.reply), promise: nil)
        do {
            try context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tlsContext), position: .first)
        } catch {
            promise?.fail(error)
            return
        }
        promise?.succeed()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // The TLS marker follows the handshake, so a reader that waits for it (implicit TLS before the
        // greeting, STARTTLS before the next command) never writes into an unfinished handshake.
        if case .handshakeCompleted = event as? TLSUserEvent {
            emit(.tlsStarted, context: context)
        } else if case .read = event as? IdleStateHandler.IdleStateEvent {
            emit(.idleTimeout, context: context)
        } else if event is ConnectionWakeUp {
            emit(.wakeUp, context: context)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func emit(_ input: TransportInput, context: ChannelHandlerContext) {
        context.fireChannelRead(wrapInboundOut(input))
        // Readers batch until read-complete; without one the marker would wait for more bytes.
        context.fireChannelReadComplete()
    }
}
