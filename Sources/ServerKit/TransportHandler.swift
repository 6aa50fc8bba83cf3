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

    private let tlsStarter: TLSStarter?

    /// `tlsStarter` enables STARTTLS; `nil` when the connection cannot (or already does) use TLS.
    init(startTLS tlsStarter: TLSStarter?) {
        self.tlsStarter = tlsStarter
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
        guard let tlsStarter else {
            promise?.fail(ServerKitError.tlsUnavailable)
            return
        }
        // The reply goes out before the TLS handler exists, so it is sent in plaintext (RFC 3207 §4).
        if let reply = request.reply {
            context.writeAndFlush(wrapOutboundOut(reply), promise: nil)
        }
        do {
            try context.pipeline.syncOperations.addHandler(tlsStarter.makeHandler(), position: .first)
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

/// The side a connection takes in a TLS handshake it starts (STARTTLS, RFC 3207).
enum TLSStarter: Sendable {
    /// Accepted connections: the listener's certificate.
    case server(NIOSSLContext)
    /// Outbound connections: `serverHostname` is sent as SNI (RFC 6066 §3) and, when the context
    /// verifies, checked against the certificate; `nil` for an IP address. `verifyPeer`, when given,
    /// replaces the context's own certificate checks.
    case client(NIOSSLContext, serverHostname: String?, verifyPeer: PeerCertificateVerifier?)

    func makeHandler() throws -> any ChannelHandler {
        switch self {
        case .server(let context):
            return NIOSSLServerHandler(context: context)
        case .client(let context, let serverHostname, nil):
            return try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
        case .client(let context, let serverHostname, let verifyPeer?):
            return try NIOSSLClientHandler(context: context, serverHostname: serverHostname) { certificates, promise in
                let chain = certificates.compactMap { try? $0.toDERBytes() }
                // A certificate that cannot be read back would shift the others: refuse the chain.
                guard chain.count == certificates.count else { return promise.succeed(.failed) }
                promise.completeWithTask { await verifyPeer(chain) ? .certificateVerified : .failed }
            }
        }
    }
}

/// Decides during an outbound TLS handshake whether the server's certificate chain (DER, leaf
/// first, as the server sent it) is good enough; `false` ends the handshake with an error. It runs
/// for every handshake of a context that verifies, even with a chain the context would refuse.
public typealias PeerCertificateVerifier = @Sendable ([[UInt8]]) async -> Bool
