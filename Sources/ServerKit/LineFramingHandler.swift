import NIOCore
import NIOSSL
import NIOTLS

/// The NIO glue around ``LineFramer``: it turns inbound bytes into ``FramedInput`` and carries out a
/// ``StartTLSRequest``. It only moves bytes; every decision about them is the protocol machine's.
final class LineFramingHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = FramedInput
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var framer: LineFramer
    private let tlsContext: NIOSSLContext?

    init(maximumLineLength: Int, tlsContext: NIOSSLContext?) {
        self.framer = LineFramer(maximumLineLength: maximumLineLength)
        self.tlsContext = tlsContext
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        framer.append(unwrapInboundIn(data))
        while let frame = framer.next() {
            context.fireChannelRead(wrapInboundOut(.frame(frame)))
        }
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
        // RFC 3207 §4.2: the client must discard knowledge obtained before TLS, and so must we:
        // lines pipelined after STARTTLS were sent in the clear and are never executed.
        framer.discardBufferedBytes()
        do {
            try context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tlsContext), position: .first)
        } catch {
            promise?.fail(error)
            return
        }
        promise?.succeed()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // The marker follows the handshake, so a reader that waits for it (implicit TLS before the
        // greeting, STARTTLS before the next command) never writes into an unfinished handshake.
        if case .handshakeCompleted = event as? TLSUserEvent {
            context.fireChannelRead(wrapInboundOut(.tlsStarted))
            // Readers batch until read-complete; without one the marker would wait for more bytes.
            context.fireChannelReadComplete()
        }
        context.fireUserInboundEventTriggered(event)
    }
}
