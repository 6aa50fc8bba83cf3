import Logging
import NIOCore
import NIOSSL
import ServerTestSupport
import ServiceLifecycle
import Testing

@testable import ServerKit

/// A line protocol just big enough to exercise the listener: echoes lines, `STARTTLS` switches to TLS
/// (replying `GO`), `TLS?` tells whether TLS is on, `WAKE` waits for a wake-up (`WOKE`), `RAW n` reads n raw octets, `FLOOD` writes until
/// writing fails (and tells `floodEnded`), `BYE` closes; an idle client is told `IDLE`; a refused one
/// `BUSY` (too many from its address) or `FULL` (too many in all).
private struct EchoHandler: ConnectionHandler {
    var floodEnded: AsyncStream<Void>.Continuation?

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
                case "FLOOD":
                    defer { floodEnded?.yield() }
                    let chunk = writer.buffer(String(repeating: "x", count: 65536))
                    while true { try await writer.write(chunk) }
                case "WAKE":
                    // A wake-up from a timer ends a wait for input; the wake-ups still queued after it
                    // are skipped by line reads.
                    let timer = connection.wakeUp(every: .milliseconds(5))
                    let input = try await reader.nextInput(wakingUp: true)
                    timer.cancel()
                    connection.wakeUp()
                    if case .wakeUp? = input { try await writer.write("WOKE\r\n") }
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
        let word = if case .tooManyConnections = reason { "FULL\r\n" } else { "BUSY\r\n" }
        try? await connection.withIO { _, writer in try await writer.write(word) }
    }
}

@Suite("Server on 127.0.0.1:0")
struct ServerTests {
    static let tls = TestTLS.serverContext

    /// Binds a listener, runs `body` against its port, then shuts it down gracefully.
    private func withListener(implicitTLS: Bool = false, perAddress: Int = 10, total: Int = 0, lineLimit: Int = 64,
                              idleTimeout: Duration? = nil, writeTimeout: Duration? = nil,
                              sessionTimeLimit: Duration? = nil, handler: EchoHandler = EchoHandler(),
                              _ body: (Int) async throws -> Void) async throws {
        let configuration = ListenerConfiguration(name: "test", host: "127.0.0.1", port: 0, implicitTLS: implicitTLS,
                                                  maximumLineLength: lineLimit, connectionsPerAddress: perAddress,
                                                  connectionLimit: total, idleTimeout: idleTimeout,
                                                  writeTimeout: writeTimeout, sessionTimeLimit: sessionTimeLimit)
        let listener = try await Server.bind(configuration, tls: Self.tls, handler: handler,
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

    @Test("a wake-up ends a wait for input that asked for it; line reads skip the wake-ups left over")
    func wakeUp() async throws {
        try await withListener { port in
            let client = try await TestClient.connect(port: port)
            _ = try await client.read(until: "HELLO\r\n")
            try await client.send("WAKE\r\n")
            _ = try await client.read(until: "WOKE\r\n")
            try await client.send("after\r\n")
            #expect(try await client.read(until: "ECHO after\r\n") == "ECHO after\r\n")
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

    @Test("connections over the listener's limit are refused in the protocol's words; an ended one frees its slot")
    func connectionLimit() async throws {
        try await withListener(total: 2) { port in
            let first = try await TestClient.connect(port: port)
            _ = try await first.read(until: "HELLO\r\n")
            let second = try await TestClient.connect(port: port)
            _ = try await second.read(until: "HELLO\r\n")
            let third = try await TestClient.connect(port: port)
            #expect(try await third.readToEnd() == "FULL\r\n")
            await first.close()
            // The slot is free once the server has seen the first connection end; until then, FULL.
            var greeting = ""
            for _ in 0..<500 where greeting != "HELLO\r\n" {
                let next = try await TestClient.connect(port: port)
                greeting = try await next.read(until: "\r\n")
                await next.close()
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(greeting == "HELLO\r\n")
            await second.close()
        }
    }

    @Test("a client that stops reading is dropped after the write timeout", .timeLimit(.minutes(2)))
    func writeTimeout() async throws {
        let (floodEnded, continuation) = AsyncStream.makeStream(of: Void.self)
        try await withListener(writeTimeout: .milliseconds(200), handler: EchoHandler(floodEnded: continuation)) { port in
            let client = try await TestClient.connect(port: port, reading: false)
            try await client.send("FLOOD\r\n")
            // The handler's write fails only when the listener gives up on the client.
            var ended = floodEnded.makeAsyncIterator()
            #expect(await ended.next() != nil)
            try await client.startReading()
            #expect(try await client.readToEnd().hasPrefix("HELLO\r\nxxxx"))
        }
    }

    @Test("a connection is closed at the session time limit, whatever it is doing")
    func sessionTimeLimit() async throws {
        try await withListener(sessionTimeLimit: .milliseconds(300)) { port in
            let client = try await TestClient.connect(port: port)
            try await client.send("ping\r\n")
            _ = try await client.read(until: "ECHO ping\r\n")
            #expect(try await client.readToEnd() == "")
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
