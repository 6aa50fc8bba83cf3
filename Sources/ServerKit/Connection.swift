import MailCore
import NIOCore

/// One accepted client connection as a protocol driver sees it: who the peer is, framed input,
/// a way to write replies, and STARTTLS.
///
/// The driver owns the connection for its lifetime and reads it from a single task.
public struct Connection: Sendable {
    /// The listener that accepted the connection (for log metadata and policy).
    public let listenerName: String
    /// The peer's IP address, when the socket has one.
    public let remoteAddress: IPAddress?
    /// True when TLS protected the connection from its first byte (an implicit-TLS port, RFC 8314).
    public let isImplicitTLS: Bool
    /// True when the listener can switch a plaintext connection to TLS (STARTTLS); the driver keeps
    /// track of whether it already did.
    public let canStartTLS: Bool

    private let channel: NIOAsyncChannel<FramedInput, ByteBuffer>

    init(listenerName: String, remoteAddress: IPAddress?, isTLS: Bool, canStartTLS: Bool,
         channel: NIOAsyncChannel<FramedInput, ByteBuffer>) {
        self.listenerName = listenerName
        self.remoteAddress = remoteAddress
        self.isImplicitTLS = isTLS
        self.canStartTLS = canStartTLS && !isTLS
        self.channel = channel
    }

    /// Runs `body` with the connection's input and output, then closes the connection. On an
    /// implicit-TLS connection `body` starts once the handshake is complete, so nothing (not even a
    /// greeting) is written into an unfinished handshake; a failed handshake throws instead.
    public func withIO<Result: Sendable>(
        _ body: (inout ConnectionReader, ConnectionWriter) async throws -> Result
    ) async throws -> Result {
        try await channel.executeThenClose { inbound, outbound in
            var reader = ConnectionReader(iterator: inbound.makeAsyncIterator())
            if isImplicitTLS {
                try await reader.awaitTLS()
            }
            return try await body(&reader, ConnectionWriter(outbound: outbound, channel: channel.channel))
        }
    }

    /// Switches to TLS: writes `reply` in plaintext, then inserts the TLS handler; the reader drops
    /// everything the client pipelined before the switch. Call ``ConnectionReader/awaitTLS()`` next.
    public func startTLS(reply: ByteBuffer) async throws {
        guard canStartTLS else { throw ServerKitError.tlsUnavailable }
        try await channel.channel.triggerUserOutboundEvent(StartTLSRequest(reply: reply)).get()
    }
}

/// Reads framed input for one connection.
public struct ConnectionReader {
    private var iterator: NIOAsyncChannelInboundStream<FramedInput>.AsyncIterator

    init(iterator: NIOAsyncChannelInboundStream<FramedInput>.AsyncIterator) {
        self.iterator = iterator
    }

    /// The next line or over-long-line notice; `nil` when the peer closed the connection.
    public mutating func next() async throws -> LineFramer.Frame? {
        while let input = try await iterator.next() {
            if case .frame(let frame) = input { return frame }
        }
        return nil
    }

    /// After ``Connection/startTLS(reply:)``: waits for the handshake and discards what was framed
    /// before it (RFC 3207 §4.2), so the next ``next()`` returns the first line sent over TLS.
    /// Throws when the peer leaves or the handshake fails.
    public mutating func awaitTLS() async throws {
        while let input = try await iterator.next() {
            if input == .tlsStarted { return }
        }
        throw ServerKitError.connectionClosedBeforeTLS
    }
}

/// Writes replies to one connection.
public struct ConnectionWriter: Sendable {
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private let allocator: ByteBufferAllocator

    init(outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, channel: any Channel) {
        self.outbound = outbound
        self.allocator = channel.allocator
    }

    /// Writes and flushes bytes.
    public func write(_ bytes: ByteBuffer) async throws {
        try await outbound.write(bytes)
    }

    /// Writes and flushes a string as UTF-8.
    public func write(_ text: String) async throws {
        try await outbound.write(allocator.buffer(string: text))
    }

    /// A buffer with `text`, for ``Connection/startTLS(reply:)``.
    public func buffer(_ text: String) -> ByteBuffer {
        allocator.buffer(string: text)
    }
}
