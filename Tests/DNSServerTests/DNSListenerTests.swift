import Logging
import NIOCore
import ServerKit
import ServiceLifecycle
import Testing

@testable import DNSServer

@Suite("DNS listeners")
struct DNSListenerTests {
    let query: [UInt8] = [0x12, 0x34, 0x00, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1]

    @Test("UDP: every datagram gets its answer on the socket it came from")
    func udp() async throws {
        let listener = try await DNSUDPListener.bind(host: "127.0.0.1", port: 0, responder: EchoResponder())
        let port = try #require(listener.localAddress.port)
        try await whileRunning(listener) {
            try await onOwnThread {
                let probe = SocketProbe.udp()
                defer { probe.close() }
                probe.setTimeout(seconds: SocketProbe.hangGuard)
                for id in UInt8(1)...UInt8(20) {
                    var message = self.query
                    message[1] = id
                    probe.send(message, toPort: port)
                    let answer = try probe.receive()
                    #expect(answer[1] == id && answer[2] & 0x80 != 0)
                }
            }
        }
    }

    @Test("UDP: the port is refused when another socket holds it")
    func udpPortInUse() async throws {
        let first = try await DNSUDPListener.bind(host: "127.0.0.1", port: 0, responder: EchoResponder())
        let port = try #require(first.localAddress.port)
        try await whileRunning(first) {
            await #expect(throws: (any Error).self) {
                _ = try await DNSUDPListener.bind(host: "127.0.0.1", port: port, responder: EchoResponder())
            }
        }
    }

    @Test("RFC 7766 §6.2.1: pipelined TCP queries are answered in order, each with its length")
    func tcpPipelined() async throws {
        let server = try await tcpServer(idleTimeout: .seconds(2 * SocketProbe.hangGuard))
        let port = try #require(server.localAddress.port)
        try await whileRunning(server) {
            try await onOwnThread { [query] in
                let probe = try SocketProbe.tcp(port: port)
                defer { probe.close() }
                probe.setTimeout(seconds: SocketProbe.hangGuard)
                var both: [UInt8] = []
                for id in [UInt8(7), 8] {
                    var message = query
                    message[1] = id
                    both += [0, UInt8(message.count)] + message
                }
                probe.send(Array(both[..<5]))
                probe.send(Array(both[5...]))
                let answers = try probe.receive(exactly: 2 * (2 + query.count))
                #expect(answers[3] == 7 && answers[2 + query.count + 3] == 8)
            }
        }
    }

    @Test("RFC 7766 §6.2.3: a client that stalls inside a length prefix is closed")
    func tcpStalled() async throws {
        let server = try await tcpServer(idleTimeout: .milliseconds(200))
        let port = try #require(server.localAddress.port)
        try await whileRunning(server) {
            try await onOwnThread {
                let probe = try SocketProbe.tcp(port: port)
                defer { probe.close() }
                probe.setTimeout(seconds: SocketProbe.hangGuard)
                probe.send([0])
                #expect(try probe.receive() == [], "the server closes the connection")
            }
        }
    }

    private func tcpServer(idleTimeout: Duration) async throws -> Server<DNSStreamHandler<EchoResponder>> {
        let configuration = ListenerConfiguration(
            name: "dns", host: "127.0.0.1", port: 0, implicitTLS: false,
            connectionsPerAddress: 10, idleTimeout: idleTimeout)
        return try await Server.bind(
            configuration, tls: nil, handler: DNSStreamHandler(responder: EchoResponder()),
            logger: Logger(label: "test"))
    }

    /// Runs `service`, then `body`, then shuts the service down gracefully.
    private func whileRunning(_ service: some Service, _ body: () async throws -> Void) async throws {
        let group = ServiceGroup(services: [service], logger: Logger(label: "test"))
        try await withThrowingTaskGroup { tasks in
            tasks.addTask { try await group.run() }
            try await body()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
