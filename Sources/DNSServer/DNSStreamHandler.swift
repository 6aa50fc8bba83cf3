import DNSProtocol
import MailCore
import NIOCore
import ServerKit

/// Serves DNS over one TCP connection (RFC 1035 §4.2.2, RFC 7766): two-octet length, message, repeated.
///
/// Queries may be pipelined (RFC 7766 §6.2.1); they are answered in the order they arrived. A peer that
/// stalls mid-message is closed by the listener's idle timeout (RFC 7766 §6.2.3).
public struct DNSStreamHandler<Responder: DNSResponder>: ConnectionHandler {
    private let responder: Responder

    public init(responder: Responder) {
        self.responder = responder
    }

    public func handle(_ connection: Connection) async {
        let client = DNSClientAddress(connection.remoteAddress)
        try? await connection.withIO { reader, writer in
            var framer = DNSStreamFramer()
            var cache = DNSResponseCache(capacity: 100)
            while true {
                while let query = framer.nextMessage() {
                    switch responder.reply(to: query, from: client, over: .tcp, cache: &cache) {
                    case .none: return
                    case .message(let response): try await writer.write(Self.framed([response]))
                    case .messages(let responses): try await writer.write(Self.framed(responses))
                    }
                }
                guard let bytes = try await reader.nextBytes() else { return }
                framer.append(Array(bytes.readableBytesView))
            }
        }
    }

    /// DNS has no words for "too many connections": the connection is closed unanswered.
    public func refuse(_ connection: Connection, reason: RefusalReason) async {}

    private static func framed(_ messages: [[UInt8]]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(messages.reduce(0) { $0 + 2 + $1.count })
        for message in messages {
            buffer.writeInteger(UInt16(message.count))
            buffer.writeBytes(message)
        }
        return buffer
    }
}
