import Logging
import MailCore
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle
import Synchronization

/// One bound listening socket and its accept loop, run as a `Service`.
///
/// ``bind(_:tls:handler:logger:)`` opens the socket up front, so that a port in use is reported before
/// anything starts; ``run()`` accepts until graceful shutdown, serving each connection in its own task.
/// On graceful shutdown the socket closes at once and `run()` returns when the open connections end.
public final class Server<Handler: ConnectionHandler>: Service {
    /// The configuration it was bound with.
    public let configuration: ListenerConfiguration
    /// The address actually bound (the kernel's port when the configuration said 0).
    public let localAddress: SocketAddress

    private let serverChannel: NIOAsyncChannel<NIOAsyncChannel<TransportInput, ByteBuffer>, Never>
    private let handler: Handler
    private let limiter: ConnectionLimiter<IPAddress>
    private let canStartTLS: Bool
    private let logger: Logger
    /// Connections being served, so graceful shutdown can close them.
    private let openChannels = Mutex<[ObjectIdentifier: any Channel]>([:])

    private init(configuration: ListenerConfiguration, localAddress: SocketAddress,
                 serverChannel: NIOAsyncChannel<NIOAsyncChannel<TransportInput, ByteBuffer>, Never>,
                 handler: Handler, canStartTLS: Bool, logger: Logger) {
        self.configuration = configuration
        self.localAddress = localAddress
        self.serverChannel = serverChannel
        self.handler = handler
        self.limiter = ConnectionLimiter(perAddress: configuration.connectionsPerAddress, total: configuration.connectionLimit)
        self.canStartTLS = canStartTLS
        self.logger = logger
    }

    /// Binds the socket. `tls` is required for an implicit-TLS listener and enables STARTTLS on the others.
    public static func bind(_ configuration: ListenerConfiguration, tls: NIOSSLContext?, handler: Handler,
                            group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                            logger: Logger) async throws -> Server {
        precondition(tls != nil || !configuration.implicitTLS, "an implicit-TLS listener needs a TLS context")
        let channel: NIOAsyncChannel<NIOAsyncChannel<TransportInput, ByteBuffer>, Never>
        do {
            channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
                .ipv6Only(for: configuration.host)
                .bind(host: configuration.host, port: configuration.port) { child in
                    child.eventLoop.makeCompletedFuture {
                        try Self.configure(child, configuration: configuration, tls: tls)
                    }
                }
        } catch {
            throw ServerKitError.cannotListen(configuration.name, host: configuration.host, port: configuration.port,
                                              reason: ServerKitError.reason(error))
        }
        guard let localAddress = channel.channel.localAddress else {
            throw ServerKitError.cannotListen(configuration.name, host: configuration.host, port: configuration.port,
                                              reason: "the socket has no local address")
        }
        return Server(configuration: configuration, localAddress: localAddress, serverChannel: channel,
                        handler: handler, canStartTLS: tls != nil, logger: logger)
    }

    /// `ADDR:PORT` as bound, for the `NAME listening on ADDR:PORT` line.
    public var boundDescription: String {
        let host = localAddress.ipAddress ?? configuration.host
        let shown = host.contains(":") ? "[\(host)]" : host
        return "\(shown):\(localAddress.port ?? configuration.port)"
    }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await serverChannel.executeThenClose { accepted in
                await withDiscardingTaskGroup { group in
                    do {
                        for try await child in accepted {
                            group.addTask { await self.serve(child) }
                        }
                    } catch {
                        logger.debug("accept loop ended", metadata: ["error": "\(error)"])
                    }
                }
            }
        } onGracefulShutdown: {
            // Stop accepting, then close every open connection: a client idling in a session would
            // otherwise hold the stop for the whole shutdown timeout. Nothing acknowledged is lost by
            // this; a message without its 250 is the client's to send again (RFC 5321 §4.1.1.4).
            self.serverChannel.channel.close(promise: nil)
            for channel in self.openChannels.withLock({ Array($0.values) }) {
                channel.close(promise: nil)
            }
        }
    }

    private func serve(_ child: NIOAsyncChannel<TransportInput, ByteBuffer>) async {
        let address = child.channel.remoteAddress?.ipAddress.flatMap(IPAddress.init)
        let connection = Connection(listenerName: configuration.name, remoteAddress: address,
                                    isTLS: configuration.implicitTLS, canStartTLS: canStartTLS,
                                    maximumLineLength: configuration.maximumLineLength, channel: child)
        let client: Logger.Metadata = ["client": "\(address.map(String.init(describing:)) ?? "?")"]
        if let refusal = limiter.acquire(address) {
            logger.notice("connection refused: \(refusal)", metadata: client)
            await handler.refuse(connection, reason: refusal)
            try? await child.channel.close()
            return
        }
        defer { limiter.release(address) }
        let key = ObjectIdentifier(child.channel)
        openChannels.withLock { $0[key] = child.channel }
        defer { openChannels.withLock { $0[key] = nil } }
        let timeLimit = configuration.sessionTimeLimit.map { limit in
            child.channel.eventLoop.scheduleTask(in: TimeAmount(limit)) { [channel = child.channel, logger] in
                logger.info("connection closed: session time limit reached", metadata: client)
                channel.close(promise: nil)
            }
        }
        defer { timeLimit?.cancel() }
        await handler.handle(connection)
        try? await child.channel.close()
    }

    private static func configure(_ channel: any Channel, configuration: ListenerConfiguration,
                                  tls: NIOSSLContext?) throws -> NIOAsyncChannel<TransportInput, ByteBuffer> {
        let pipeline = channel.pipeline.syncOperations
        if configuration.implicitTLS, let tls {
            try pipeline.addHandler(NIOSSLServerHandler(context: tls))
        }
        if let timeout = configuration.idleTimeout {
            try pipeline.addHandler(IdleStateHandler(readTimeout: TimeAmount(timeout)))
        }
        if let timeout = configuration.writeTimeout {
            try pipeline.addHandler(WriteTimeoutHandler(timeout: TimeAmount(timeout)))
        }
        try pipeline.addHandler(TransportHandler(startTLS: configuration.implicitTLS ? nil : tls.map { .server($0) }))
        return try NIOAsyncChannel(wrappingChannelSynchronously: channel)
    }
}
