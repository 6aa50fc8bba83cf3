import MailCore
import NIOCore

/// Answers each UDP datagram on the event loop that read it: decode, answer, write back to the sender.
final class DNSDatagramHandler<Responder: DNSResponder>: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let responder: Responder

    init(responder: Responder) {
        self.responder = responder
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let client = DNSClientAddress(envelope.remoteAddress)
        let query = Array(envelope.data.readableBytesView)
        guard case .message(let response) = responder.reply(to: query, from: client, over: .udp) else { return }
        var buffer = context.channel.allocator.buffer(capacity: response.count)
        buffer.writeBytes(response)
        context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: buffer)),
                              promise: nil)
    }

    /// A failed send to one client (ICMP unreachable reported as an error) must not close the socket
    /// that serves everyone else.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {}
}
