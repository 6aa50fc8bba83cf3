import CDescriptorPassing
import Glibc

/// One end of a `SOCK_SEQPACKET` socket pair between the server and its agent: each message is one
/// datagram, so a request or reply is never split or merged, and a descriptor can ride along.
struct AgentChannel {
    let descriptor: Int32

    /// The largest datagram either side sends.
    static let messageLimit = AgentRequest.sizeLimit

    /// A connected pair, both ends close-on-exec.
    static func pair() throws(AgentChannelError) -> (AgentChannel, AgentChannel) {
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw AgentChannelError(errorNumber: errno)
        }
        return (AgentChannel(descriptor: ends[0]), AgentChannel(descriptor: ends[1]))
    }

    /// Sends `bytes` and, when given, a copy of `attached`.
    func send(_ bytes: [UInt8], attaching attached: Int32? = nil) throws(AgentChannelError) {
        let sent = bytes.withUnsafeBytes {
            mailroom_send_with_descriptor(descriptor, $0.baseAddress, $0.count, attached ?? -1)
        }
        guard sent == bytes.count else { throw AgentChannelError(errorNumber: sent < 0 ? errno : EMSGSIZE) }
    }

    /// The next datagram and the descriptor that came with it, `nil` when the other end closed.
    func receive() throws(AgentChannelError) -> (bytes: [UInt8], attached: Int32?)? {
        var buffer = [UInt8](repeating: 0, count: Self.messageLimit)
        var attached: Int32 = -1
        let received = buffer.withUnsafeMutableBytes {
            mailroom_receive_with_descriptor(descriptor, $0.baseAddress, $0.count, &attached)
        }
        guard received >= 0 else { throw AgentChannelError(errorNumber: errno) }
        guard received > 0 || attached >= 0 else { return nil }
        return (Array(buffer.prefix(received)), attached >= 0 ? attached : nil)
    }

    func close() {
        _ = Glibc.close(descriptor)
    }
}

/// A channel's send or receive failed; `errorNumber` is the `errno`.
public struct AgentChannelError: Error, CustomStringConvertible {
    public let errorNumber: Int32

    public var description: String { String(cString: strerror(errorNumber)) }
}
