import NIOCore

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
