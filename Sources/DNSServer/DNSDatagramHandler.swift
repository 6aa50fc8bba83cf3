import MailCore
import NIOCore

/// Answers each UDP datagram on the event loop that read it: decode, answer, write back to the sender;
/// the answers to one batch of reads are flushed together.
final class DNSDatagramHandler<Responder: DNSResponder>: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let responder: Responder
    private var cache = DNSResponseCache()

    init(responder: Responder) {
        self.responder = responder
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let client = DNSClientAddress(envelope.remoteAddress)
        let query = Array(envelope.data.readableBytesView)
        guard case .message(let response) = responder.reply(to: query, from: client, over: .udp, cache: &cache) else { return }
        var buffer = context.channel.allocator.buffer(capacity: response.count)
        buffer.writeBytes(response)
        context.write(wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: buffer)),
                      promise: nil)
    }

    /// One flush per batch of reads, so the answers leave together in one sendmmsg(2).
    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }

    /// A failed send to one client (ICMP unreachable reported as an error) must not close the socket
    /// that serves everyone else.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {}
}
