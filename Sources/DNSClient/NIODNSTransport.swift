import DNSProtocol
import MailCore
import NIOCore
import NIOPosix

/// ``DNSExchanging`` over real sockets: UDP from a fresh ephemeral port per query (RFC 5452 §9.2), or
/// TCP with the two-octet length prefix (RFC 1035 §4.2.2), both bounded by the exchange's timeout.
public struct NIODNSTransport: DNSExchanging {
    private let group: any EventLoopGroup

    public init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.group = group
    }

    public func exchange(_ query: DNSMessage, with server: DNSServerAddress, overTCP: Bool,
                         timeout: Duration) async throws -> DNSMessage {
        let address = try SocketAddress(ipAddress: server.host.description, port: Int(server.port))
        return try await withThrowingTaskGroup(of: DNSMessage?.self) { tasks in
            tasks.addTask {
                overTCP ? try await self.exchangeOverTCP(query, with: address)
                    : try await self.exchangeOverUDP(query, with: address)
            }
            tasks.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { tasks.cancelAll() }
            guard let first = try await tasks.next(), let response = first else {
                throw DNSTransportError.timedOut
            }
            return response
        }
    }

    private func exchangeOverUDP(_ query: DNSMessage, with server: SocketAddress) async throws -> DNSMessage {
        let wildcard = server.protocol == .inet6 ? "::" : "0.0.0.0"
        let channel = try await DatagramBootstrap(group: group)
            .bind(host: wildcard, port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>(
                        wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(AddressedEnvelope(remoteAddress: server, data: ByteBuffer(bytes: query.encoded())))
            for try await datagram in inbound where datagram.remoteAddress == server {
                // RFC 5452 §9.1: anything that is not the answer to this question is ignored.
                if let response = try? DNSMessage(wire: Array(datagram.data.readableBytesView)),
                    response.isResponse(to: query)
                {
                    return response
                }
            }
            throw DNSTransportError.network("the UDP socket closed before an answer came")
        }
    }

    private func exchangeOverTCP(_ query: DNSMessage, with server: SocketAddress) async throws -> DNSMessage {
        let channel = try await ClientBootstrap(group: group)
            .connect(to: server) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            let wire = query.encoded()
            var framed = ByteBuffer()
            framed.writeInteger(UInt16(wire.count))
            framed.writeBytes(wire)
            try await outbound.write(framed)
            var framer = DNSStreamFramer()
            for try await bytes in inbound {
                framer.append(Array(bytes.readableBytesView))
                while let message = framer.nextMessage() {
                    let response = try DNSMessage(wire: message)
                    if response.isResponse(to: query) { return response }
                }
            }
            throw DNSTransportError.network("the server closed the TCP connection before answering")
        }
    }
}
