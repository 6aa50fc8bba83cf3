import DNSProtocol
#if canImport(Glibc)
import Glibc
#endif
import DNSServer
import Logging
import NIOCore
import MailCore
import ServerKit
import ServiceLifecycle
import Testing

@testable import DNSClient

/// The resolver over real sockets, against mailroom's own authoritative server on 127.0.0.1: the
/// set-up the acceptance suite uses (`resolver = 127.0.0.1:DNSPORT`).
@Suite("NIODNSTransport against a live server")
struct NIODNSTransportTests {
    static let zone = """
        $TTL 1D
        @       IN SOA  ns1.example.test. hostmaster.example.test. ( 2024060101 1D 1H 1W 3H )
                IN  NS      ns1.example.test.
                IN  MX  10  mail.example.test.
                IN  MX  20  backup.example.test.
                IN  TXT     "v=spf1 mx -all"
        ns1     IN  A       127.0.0.1
        mail    IN  A       127.0.0.1
        backup  IN  A       127.0.0.2
        big     IN  TXT     \(Array(repeating: "\"" + String(repeating: "x", count: 250) + "\"", count: 6).joined(separator: " "))
        """

    /// Runs UDP and TCP listeners on one free port while `body` resolves through them.
    func withServer(_ body: (StubResolver) async throws -> Void) async throws {
        let origin = DNSName("example.test")!
        let records = try ZoneFileParser(text: Self.zone, fileName: "zone", origin: origin).parse()
        let store = ServedZonesStore(ServedZones(catalog: try ZoneCatalog(zones: [try Zone(origin: origin, records: records)])))
        let responder = AuthoritativeResponder(store: store)
        let port = try #require(Self.portFreeForUDPAndTCP())
        let udp = try await DNSUDPListener.bind(host: "127.0.0.1", port: port, responder: responder)
        let tcp = try await Server.bind(
            ListenerConfiguration(name: "dns", host: "127.0.0.1", port: port, implicitTLS: false),
            tls: nil, handler: DNSStreamHandler(responder: responder), logger: Logger(label: "test"))
        let resolver = StubResolver(
            configuration: StubResolverConfiguration(
                servers: [DNSServerAddress(host: IPAddress("127.0.0.1")!, port: UInt16(port))], timeout: .seconds(60)),
            transport: NIODNSTransport())
        let group = ServiceGroup(services: [udp, tcp], logger: Logger(label: "test"))
        try await withThrowingTaskGroup { tasks in
            tasks.addTask { try await group.run() }
            try await body(resolver)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// A loopback port that a UDP and a TCP socket can both bind: a UDP port the kernel picks may be
    /// taken on TCP (another test's connection), so the pair is checked before the listeners bind it.
    static func portFreeForUDPAndTCP() -> Int? {
        for _ in 0..<50 {
            let udp = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            let tcp = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer {
                close(udp)
                close(tcp)
            }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let found = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                    bind(udp, generic, length) == 0 && getsockname(udp, generic, &length) == 0 && bind(tcp, generic, length) == 0
                }
            }
            if found { return Int(UInt16(bigEndian: address.sin_port)) }
        }
        return nil
    }

    @Test("RFC 5321 §5.1: MX hosts in preference order, then their addresses")
    func mailExchangers() async throws {
        try await withServer { resolver in
            let answer = try await resolver.mailExchangers(for: DNSName("example.test")!)
            guard case .exchangers(let hosts) = answer else {
                Issue.record("expected MX hosts, got \(answer)")
                return
            }
            #expect(hosts.map(\.exchange) == [DNSName("mail.example.test")!, DNSName("backup.example.test")!])
            #expect(try await resolver.addresses(of: DNSName("backup.example.test")!) == [IPAddress("127.0.0.2")!])
            #expect(try await resolver.text(at: DNSName("example.test")!) == ["v=spf1 mx -all"])
        }
    }

    @Test("RFC 1035 §4.2.1: a truncated UDP answer is fetched again over TCP")
    func truncatedRetriedOverTCP() async throws {
        try await withServer { resolver in
            // 1,500 octets of TXT do not fit the 1,232 the resolver offers over UDP.
            let strings = try await resolver.text(at: DNSName("big.example.test")!)
            #expect(strings?.first?.count == 1500)
        }
    }

    @Test("a name that does not exist is a permanent NXDOMAIN, not a temporary failure")
    func nameError() async throws {
        try await withServer { resolver in
            do throws(DNSResolutionError) {
                _ = try await resolver.addresses(of: DNSName("nothere.example.test")!)
                Issue.record("an address for a name that does not exist")
            } catch {
                #expect(error.isPermanent)
            }
        }
    }

    @Test("a server that never answers is a temporary failure after the timeout")
    func silentServer() async throws {
        let silent = SilentUDPSocket()
        let resolver = StubResolver(
            configuration: StubResolverConfiguration(
                servers: [DNSServerAddress(host: IPAddress("127.0.0.1")!, port: silent.port)], attempts: 1,
                timeout: .milliseconds(300)),
            transport: NIODNSTransport())
        do throws(DNSResolutionError) {
            _ = try await resolver.addresses(of: DNSName("mail.example.test")!)
            Issue.record("an answer from a silent server")
        } catch {
            #expect(error.isTemporary)
        }
        silent.close()
    }
}

/// A bound UDP socket on 127.0.0.1 that reads nothing and answers nothing.
struct SilentUDPSocket {
    private let descriptor: Int32
    let port: UInt16

    init() {
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                _ = bind(descriptor, pointer, length)
                _ = getsockname(descriptor, pointer, &length)
            }
        }
        port = UInt16(bigEndian: address.sin_port)
    }

    func close() {
        _ = Glibc.close(descriptor)
    }
}
