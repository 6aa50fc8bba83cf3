import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// A minimal line client for server tests: connects, writes raw bytes, reads until a string
/// appears, and can switch to TLS mid-stream like a STARTTLS client.
public final class TestClient: Sendable {
    private let channel: any Channel
    private let received: Collector

    private init(channel: any Channel, received: Collector) {
        self.channel = channel
        self.received = received
    }

    /// Connects to 127.0.0.1:`port`. `reading: false` makes a client that reads nothing until
    /// ``startReading()``, with a small receive buffer, so that what the server sends soon backs up.
    public static func connect(port: Int, tls: Bool = false, reading: Bool = true) async throws -> TestClient {
        let collector = Collector()
        var bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        if !reading {
            bootstrap = bootstrap.channelOption(.autoRead, value: false)
                .channelOption(.socketOption(.so_rcvbuf), value: 4096)
        }
        let channel = try await bootstrap
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if tls { try channel.pipeline.syncOperations.addHandler(try Self.tlsHandler()) }
                    try channel.pipeline.syncOperations.addHandler(CollectingHandler(collector: collector))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return TestClient(channel: channel, received: collector)
    }

    public func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text)).get()
    }

    /// Waits until `text` has arrived and returns everything received so far, then forgets it.
    ///
    /// Gives up after a minute: a hang guard, not a timing. It is long because CPU-bound tests running
    /// in parallel can hold the cooperative pool, and with it the server under test, for seconds.
    public func read(until text: String) async throws -> String {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let all = received.take(ifContains: text) { return all }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw TestClientError.timedOut(waitingFor: text, got: received.peek())
    }

    /// Everything received until the server closed the connection.
    public func readToEnd() async throws -> String {
        try await channel.closeFuture.get()
        return received.peek()
    }

    /// Starts reading, for a client connected with `reading: false`.
    public func startReading() async throws {
        try await channel.setOption(.autoRead, value: true).get()
    }

    public func startTLS() async throws {
        try await channel.eventLoop.submit {
            try self.channel.pipeline.syncOperations.addHandler(try Self.tlsHandler(), position: .first)
        }.get()
    }

    public func close() async {
        try? await channel.close()
    }

    private static func tlsHandler() throws -> NIOSSLClientHandler {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return try NIOSSLClientHandler(context: NIOSSLContext(configuration: configuration), serverHostname: nil)
    }
}

public enum TestClientError: Error {
    case timedOut(waitingFor: String, got: String)
}

/// Bytes received so far, shared between the event loop and the test.
final class Collector: Sendable {
    private let text = Mutex("")

    func append(_ more: String) { text.withLock { $0 += more } }
    func peek() -> String { text.withLock { $0 } }

    func take(ifContains wanted: String) -> String? {
        text.withLock { text in
            guard text.contains(wanted) else { return nil }
            defer { text = "" }
            return text
        }
    }
}

private final class CollectingHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let collector: Collector

    init(collector: Collector) { self.collector = collector }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        collector.append(buffer.readString(length: buffer.readableBytes) ?? "")
    }
}
