#if canImport(Glibc)
import Glibc
#endif
import Logging
import NIOCore
import NIOPosix
import ServerKit
import ServiceLifecycle

/// The UDP side of the DNS listener, run as a `Service`.
///
/// One socket per event loop, all bound to the same address with `SO_REUSEPORT`, so the kernel spreads
/// queries over every core and each is answered on the thread that read it.
public final class DNSUDPListener<Responder: DNSResponder>: Service {
    /// `ADDR:PORT` as bound.
    public let localAddress: SocketAddress
    private let channels: [any Channel]

    /// Datagrams read by one recvmmsg(2).
    static var datagramsPerRead: Int { 32 }
    /// The largest query read whole: queries are small, and a bigger one is cut short and gets FORMERR.
    static var largestQuery: Int { 4096 }

    private init(localAddress: SocketAddress, channels: [any Channel]) {
        self.localAddress = localAddress
        self.channels = channels
    }

    /// Binds `host:port` (port 0: the kernel's choice, shared by the other sockets) on every event loop.
    ///
    /// A first, exclusive bind finds the port and proves no other program holds it: with `SO_REUSEPORT`
    /// alone, a second server that also sets it (BIND does) would silently share the port.
    public static func bind(host: String, port: Int, responder: Responder,
                            group: MultiThreadedEventLoopGroup = .singleton) async throws -> DNSUDPListener {
        let probe = try await DatagramBootstrap(group: group).ipv6Only(for: host).bind(host: host, port: port).get()
        var boundPort = probe.localAddress?.port ?? port
        try await probe.close()
        var channels: [any Channel] = []
        do {
            for loop in group.makeIterator() {
                let channel = try await DatagramBootstrap(group: loop)
                    .channelOption(.socketOption(.so_reuseaddr), value: 1)
                    .channelOption(.socketOption(NIOBSDSocket.Option(rawValue: SO_REUSEPORT)), value: 1)
                    // Many datagrams per system call: recvmmsg(2) in, sendmmsg(2) out (the handler
                    // flushes once per read batch).
                    .channelOption(.datagramVectorReadMessageCount, value: Self.datagramsPerRead)
                    .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(
                        capacity: Self.datagramsPerRead * Self.largestQuery))
                    .channelOption(.socketOption(.so_rcvbuf), value: 4 << 20)
                    .ipv6Only(for: host)
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(DNSDatagramHandler(responder: responder))
                        }
                    }
                    .bind(host: host, port: boundPort).get()
                channels.append(channel)
                boundPort = channel.localAddress?.port ?? boundPort
            }
        } catch {
            for channel in channels { try? await channel.close() }
            throw error
        }
        guard let address = channels.first?.localAddress else {
            throw DNSServerError.noLocalAddress
        }
        return DNSUDPListener(localAddress: address, channels: channels)
    }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            for channel in channels {
                try await channel.closeFuture.get()
            }
        } onGracefulShutdown: {
            for channel in self.channels { channel.close(promise: nil) }
        }
    }
}
