import Logging
import NIOCore
import NIOSSL
import ServerTestSupport
import ServiceLifecycle
import Testing

@testable import ServerKit

/// A line protocol just big enough to exercise the listener: echoes lines, `STARTTLS` switches to TLS
/// (replying `GO`), `TLS?` tells whether TLS is on, `RAW n` reads n raw octets, `BYE` closes; an idle
/// client is told `IDLE`.
private struct EchoHandler: ConnectionHandler {
    func handle(_ connection: Connection) async {
        var tls = connection.isImplicitTLS
        try? await connection.withIO { reader, writer in
            try await writer.write("HELLO\r\n")
            while let frame = try await Self.nextLine(&reader, writer) {
                guard case .line(var line) = frame else {
                    try await writer.write("TOO LONG\r\n")
                    continue
                }
                let text = line.readString(length: line.readableBytes) ?? ""
                switch text {
                case "STARTTLS":
                    try await connection.startTLS(reply: writer.buffer("GO\r\n"))
                    try await reader.awaitTLS()
                    tls = true
                case "TLS?": try await writer.write(tls ? "YES\r\n" : "NO\r\n")
                case let raw where raw.hasPrefix("RAW "):
                    var remaining = Int(raw.dropFirst(4)) ?? 0
                    var got = ""
                    while remaining > 0, var bytes = try await reader.nextBytes(atMost: remaining) {
                        remaining -= bytes.readableBytes
                        got += bytes.readString(length: bytes.readableBytes) ?? ""
                    }
                    try await writer.write("GOT \(got)\r\n")
                case "BYE": return
                default: try await writer.write("ECHO \(text)\r\n")
                }
            }
        }
    }

    private static func nextLine(_ reader: inout ConnectionReader, _ writer: ConnectionWriter) async throws
        -> LineFramer.Frame?
    {
        do {
            return try await reader.nextLine()
        } catch let error as ServerKitError where error == .idleTimeout {
            try await writer.write("IDLE\r\n")
            return nil
        }
    }

    func refuse(_ connection: Connection, reason: RefusalReason) async {
        try? await connection.withIO { _, writer in try await writer.write("BUSY\r\n") }
    }
}

@Suite("Server on 127.0.0.1:0")
struct ServerTests {
    static let tls = TestTLS.serverContext

    /// Binds a listener, runs `body` against its port, then shuts it down gracefully.
    private func withListener(implicitTLS: Bool = false, perAddress: Int = 10, lineLimit: Int = 64,
                              idleTimeout: Duration? = nil, _ body: (Int) async throws -> Void) async throws {
        let configuration = ListenerConfiguration(name: "test", host: "127.0.0.1", port: 0, implicitTLS: implicitTLS,
                                                  maximumLineLength: lineLimit, connectionsPerAddress: perAddress,
                                                  idleTimeout: idleTimeout)
        let listener = try await Server.bind(configuration, tls: Self.tls, handler: EchoHandler(),
                                               logger: Logger(label: "test"))
        let group = ServiceGroup(services: [listener], logger: Logger(label: "test"))
        try await withThrowingTaskGroup { tasks in
            tasks.addTask { try await group.run() }
            try await body(listener.localAddress.port!)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test("lines are framed and echoed; an over-long line is reported")
    func echo() async throws {
        try await withListener { port in
            let client = try await TestClient.connect(port: port)
            _ = try await client.read(until: "HELLO\r\n")
            try await client.send("one\r\n" + String(repeating: "x", count: 100) + "\r\ntwo\n")
            let got = try await client.read(until: "ECHO two\r\n")
            #expect(got == "ECHO one\r\nTOO LONG\r\nECHO two\r\n")
            try await client.send("BYE\r\n")
            _ = try await client.readToEnd()
        }
    }

    @Test("raw octets and lines come from one buffer: nothing pipelined is lost or reordered")
    func rawThenLines() async throws {
        try await withListener { port in
            let client = try await TestClient.connect(port: port)
            _ = try await client.read(until: "HELLO\r\n")
            try await client.send("RAW 5\r\nabcdeNEXT\r\nRAW 3\r\nx")
            try await client.send("yz")
            let got = try await client.read(until: "GOT xyz\r\n")
            #expect(got == "GOT abcde\r\nECHO NEXT\r\nGOT xyz\r\n")
            await client.close()
        }
    }

    @Test("graceful shutdown closes connections that are still open, so stopping never waits on a client")
    func shutdownClosesConnections() async throws {
        var idle: TestClient?
        try await withListener { port in
            let client = try await TestClient.connect(port: port)
            _ = try await client.read(until: "HELLO\r\n")
            idle = client
        }
        #expect(try await idle?.readToEnd() == "")
    }

    @Test("a silent client gets the idle timeout")
    func idle() async throws {
        try await withListener(idleTimeout: .milliseconds(100)) { port in
            let client = try await TestClient.connect(port: port)
            #expect(try await client.readToEnd() == "HELLO\r\nIDLE\r\n")
        }
    }

    @Test("STARTTLS: the reply is plaintext, pipelined plaintext is dropped, the rest runs over TLS")
    func startTLS() async throws {
        try await withListener { port in
            let client = try await TestClient.connect(port: port)
            _ = try await client.read(until: "HELLO\r\n")
            try await client.send("TLS?\r\nSTARTTLS\r\nEVIL\r\n")
            #expect(try await client.read(until: "GO\r\n") == "NO\r\nGO\r\n")
            try await client.startTLS()
            try await client.send("TLS?\r\nAFTER\r\n")
            let got = try await client.read(until: "ECHO AFTER\r\n")
            #expect(got == "YES\r\nECHO AFTER\r\n")
            #expect(!got.contains("EVIL"))
            await client.close()
        }
    }

    @Test("an implicit-TLS listener completes a handshake with a self-signed certificate")
    func implicitTLS() async throws {
        try await withListener(implicitTLS: true) { port in
            let client = try await TestClient.connect(port: port, tls: true)
            _ = try await client.read(until: "HELLO\r\n")
            try await client.send("TLS?\r\n")
            #expect(try await client.read(until: "\r\n") == "YES\r\n")
            await client.close()
        }
    }

    @Test("connections over the per-address limit are refused in the protocol's words")
    func perAddressLimit() async throws {
        try await withListener(perAddress: 1) { port in
            let first = try await TestClient.connect(port: port)
            _ = try await first.read(until: "HELLO\r\n")
            let second = try await TestClient.connect(port: port)
            #expect(try await second.readToEnd() == "BUSY\r\n")
            await first.close()
        }
    }

    @Test("a port in use is one clear error naming the listener and port")
    func portInUse() async throws {
        try await withListener { port in
            let configuration = ListenerConfiguration(name: "smtp", host: "127.0.0.1", port: port, implicitTLS: false)
            do {
                _ = try await Server.bind(configuration, tls: nil, handler: EchoHandler(), logger: Logger(label: "test"))
                Issue.record("bind to a port in use succeeded")
            } catch let error as ServerKitError {
                #expect(error.description == "cannot listen for smtp on 127.0.0.1:\(port): Address already in use")
            }
        }
    }
}
