import MailCore
import NIOCore

/// One connection, accepted by a listener or opened to a server (``connect(to:name:connectTimeout:writeTimeout:tls:serverHostname:maximumLineLength:)``),
/// as a protocol driver sees it: who the peer is, its input and output, and STARTTLS.
///
/// The driver owns the connection for its lifetime and reads it from a single task.
public struct Connection: Sendable {
    /// The listener that accepted the connection, or the client that opened it (for log metadata and policy).
    public let listenerName: String
    /// The peer's IP address, when the socket has one.
    public let remoteAddress: IPAddress?
    /// True when TLS protected the connection from its first byte (an implicit-TLS port, RFC 8314).
    public let isImplicitTLS: Bool
    /// True when the listener can switch a plaintext connection to TLS (STARTTLS); the driver keeps
    /// track of whether it already did.
    public let canStartTLS: Bool

    let channel: NIOAsyncChannel<TransportInput, ByteBuffer>
    private let maximumLineLength: Int

    init(listenerName: String, remoteAddress: IPAddress?, isTLS: Bool, canStartTLS: Bool, maximumLineLength: Int,
         channel: NIOAsyncChannel<TransportInput, ByteBuffer>) {
        self.listenerName = listenerName
        self.remoteAddress = remoteAddress
        self.isImplicitTLS = isTLS
        self.canStartTLS = canStartTLS && !isTLS
        self.maximumLineLength = maximumLineLength
        self.channel = channel
    }

    /// Runs `body` with the connection's input and output, then closes the connection. On an
    /// implicit-TLS connection `body` starts once the handshake is complete, so nothing (not even a
    /// greeting) is written into an unfinished handshake; a failed handshake throws instead.
    public func withIO<Result: Sendable>(
        _ body: (inout ConnectionReader, ConnectionWriter) async throws -> Result
    ) async throws -> Result {
        try await channel.executeThenClose { inbound, outbound in
            var reader = ConnectionReader(iterator: inbound.makeAsyncIterator(), maximumLineLength: maximumLineLength)
            if isImplicitTLS {
                try await reader.awaitTLS()
            }
            return try await body(&reader, ConnectionWriter(outbound: outbound, channel: channel.channel))
        }
    }

    /// Runs `body` on the connection's event loop (Swift's task executor preference): the driver wakes
    /// on the thread that read the bytes and writes on the thread that sends them, with no hop between
    /// threads per command. `body` must not block; blocking work goes to a thread pool as before.
    public func onEventLoop<Result, Failure: Error>(
        _ body: () async throws(Failure) -> Result
    ) async throws(Failure) -> Result {
        try await withTaskExecutorPreference(EventLoopTaskExecutor(channel.channel.eventLoop), operation: body)
    }

    /// Wakes the connection's reader from any thread: a ``ConnectionReader/nextInput(wakingUp:)`` that
    /// waits returns ``ConnectionReader/Input/wakeUp`` (an IMAP session in IDLE learns of new mail so).
    /// Other reads skip it.
    public func wakeUp() {
        channel.channel.pipeline.fireUserInboundEventTriggered(ConnectionWakeUp())
    }

    /// Calls ``wakeUp()`` every `interval` until the returned task is cancelled.
    public func wakeUp(every interval: Duration) -> RepeatedTask {
        let amount = TimeAmount(interval)
        return channel.channel.eventLoop.scheduleRepeatedTask(initialDelay: amount, delay: amount) { _ in self.wakeUp() }
    }

    /// Switches to TLS: writes `reply` in plaintext, then inserts the TLS handler. Call
    /// ``ConnectionReader/awaitTLS()`` next: it drops what the client pipelined before the switch.
    public func startTLS(reply: ByteBuffer) async throws {
        guard canStartTLS else { throw ServerKitError.tlsUnavailable }
        try await channel.channel.triggerUserOutboundEvent(StartTLSRequest(reply: reply)).get()
    }
}
