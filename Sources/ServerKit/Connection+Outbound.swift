import MailCore
import NIOCore
import NIOPosix
import NIOSSL

extension Connection {
    /// Opens a TCP connection to `address` for a client protocol (outbound SMTP): the same reader and
    /// writer as an accepted connection, STARTTLS as the client (``startTLS()``, when `tls` is given),
    /// a read timeout the driver sets for each wait (``setReadTimeout(_:)``), and `writeTimeout` for a
    /// peer that stops reading. `verifyPeer` checks the server's certificate in the handshake instead
    /// of the context. Throws when the connection is refused or not made within `connectTimeout`.
    public static func connect(to address: SocketAddress, name: String, connectTimeout: Duration, writeTimeout: Duration,
                               tls: NIOSSLContext?, serverHostname: String?, verifyPeer: PeerCertificateVerifier? = nil,
                               maximumLineLength: Int) async throws -> Connection {
        let starter = tls.map { TLSStarter.client($0, serverHostname: serverHostname, verifyPeer: verifyPeer) }
        return try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(TimeAmount(connectTimeout))
            .connect(to: address) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(ReadTimeoutHandler())
                    try pipeline.addHandler(WriteTimeoutHandler(timeout: TimeAmount(writeTimeout)))
                    try pipeline.addHandler(TransportHandler(startTLS: starter))
                    return Connection(listenerName: name, remoteAddress: address.ipAddress.flatMap(IPAddress.init), isTLS: false,
                                      canStartTLS: starter != nil, maximumLineLength: maximumLineLength,
                                      channel: try NIOAsyncChannel(wrappingChannelSynchronously: channel))
                }
            }
    }

    /// The client's side of STARTTLS, after the server's `220`: inserts the TLS handler, which starts
    /// the handshake. Call ``ConnectionReader/awaitTLS()`` next.
    public func startTLS() async throws {
        guard canStartTLS else { throw ServerKitError.tlsUnavailable }
        try await channel.channel.triggerUserOutboundEvent(StartTLSRequest(reply: nil)).get()
    }

    /// How long the reader may wait for the next byte from now on before it gets an idle timeout;
    /// `nil` waits without limit. Only on connections made by ``connect(to:name:connectTimeout:writeTimeout:tls:serverHostname:verifyPeer:maximumLineLength:)``.
    public func setReadTimeout(_ timeout: Duration?) async throws {
        try await channel.channel.triggerUserOutboundEvent(ReadTimeoutRequest(timeout: timeout)).get()
    }

    /// The TLS version negotiated, for the log (`TLSv1.3`); `nil` without TLS.
    public func tlsVersion() async -> String? {
        guard let version = try? await channel.channel.nioSSL_tlsVersion().get() else { return nil }
        return switch version {
        case .tlsv1: "TLSv1"
        case .tlsv11: "TLSv1.1"
        case .tlsv12: "TLSv1.2"
        case .tlsv13: "TLSv1.3"
        }
    }
}
