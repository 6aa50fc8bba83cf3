import Glibc
import MailStore
import Synchronization

/// The server's handle on its privileged agent (``AgentServer``): sends requests and waits for the
/// replies, blocking the calling thread, which is why it is called only from the server's thread pool,
/// as all mailbox work is.
///
/// Each call borrows a channel of its own, so threads never wait for each other's replies; channels
/// are opened on demand through the first channel (under a lock) and kept for reuse, up to
/// ``channelLimit``.
public final class PrivilegedAgent: Sendable {
    /// Channels open at most: enough for every thread of the server's pool and the local submission
    /// sessions at once.
    public static let channelLimit = 64

    private let control: Mutex<AgentChannel?>
    private let idle = Mutex<(channels: [AgentChannel], opened: Int)>(([], 0))

    init(control: AgentChannel) {
        self.control = Mutex(control)
    }

    /// Closing the channels ends the agent's threads that serve them, and the agent with the first.
    deinit {
        control.withLock { $0?.close() }
        idle.withLock { $0.channels.forEach { $0.close() } }
    }

    /// Sends `request` (with `attached`, a descriptor the agent gets a copy of) and returns the reply
    /// and the descriptor that came back. A lost agent is `EPIPE`.
    func call(_ request: AgentRequest, attaching attached: Int32? = nil) -> (AgentReply, Int32?) {
        guard let channel = borrowChannel() else { return (AgentReply(errorNumber: EAGAIN), nil) }
        do {
            try channel.send(request.encoded, attaching: attached)
            guard let received = try channel.receive() else { throw AgentChannelError(errorNumber: EPIPE) }
            let reply = try AgentReply(decoding: received.bytes)
            giveBack(channel)
            return (reply, received.attached)
        } catch {
            // A channel in an unknown state is not reused.
            channel.close()
            idle.withLock { $0.opened -= 1 }
            return (AgentReply(errorNumber: (error as? AgentChannelError)?.errorNumber ?? EPROTO), nil)
        }
    }

    private func borrowChannel() -> AgentChannel? {
        let reserved = idle.withLock { state -> (AgentChannel?, Bool) in
            if let channel = state.channels.popLast() { return (channel, false) }
            guard state.opened < Self.channelLimit else { return (nil, false) }
            state.opened += 1
            return (nil, true)
        }
        if let channel = reserved.0 { return channel }
        guard reserved.1 else { return nil }
        let opened = control.withLock { control -> AgentChannel? in
            guard let channel = control else { return nil }
            guard (try? channel.send(AgentRequest.openChannel.encoded)) != nil,
                  let received = try? channel.receive(), let descriptor = received.attached
            else { return nil }
            return AgentChannel(descriptor: descriptor)
        }
        if opened == nil {
            idle.withLock { $0.opened -= 1 }
        }
        return opened
    }

    private func giveBack(_ channel: AgentChannel) {
        idle.withLock { $0.channels.append(channel) }
    }
}
