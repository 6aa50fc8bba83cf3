import Accounts
import Logging
import MailCore
import MailRouting
import MailroomConfig
import NIOCore
import SMTPProtocol
import SMTPServer
import ServerKit
import ServerTestSupport
import ServiceLifecycle
import Synchronization

/// A queue stand-in that keeps committed messages in memory, or fails when told to.
final class MemorySink: MessageSink {
    struct Message: Sendable {
        var envelope: MessageEnvelope
        var bytes: [UInt8]
        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    let failCommits: Bool
    private let committed = Mutex<[Message]>([])

    init(failCommits: Bool = false) {
        self.failCommits = failCommits
    }

    var messages: [Message] { committed.withLock { $0 } }

    func startMessage(_ envelope: MessageEnvelope) async throws -> any MessageTransaction {
        Transaction(envelope: envelope, sink: self)
    }

    fileprivate func add(_ message: Message) -> Int {
        committed.withLock { $0.append(message); return $0.count }
    }

    private final class Transaction: MessageTransaction {
        struct Failed: Error {}
        let envelope: MessageEnvelope
        let sink: MemorySink
        let bytes = Mutex<[UInt8]>([])

        init(envelope: MessageEnvelope, sink: MemorySink) {
            self.envelope = envelope
            self.sink = sink
        }

        func write(_ more: [UInt8]) async throws { bytes.withLock { $0 += more } }

        func commit() async throws -> String {
            if sink.failCommits { throw Failed() }
            return "TEST\(sink.add(Message(envelope: envelope, bytes: bytes.withLock { $0 })))"
        }

        func abort() async {}
    }
}

/// An SMTP listener on 127.0.0.1:0 for `example.test` with the accounts xiong and root (password
/// `pw`), serving `body`'s client, then shut down gracefully. With `startTLS`, STARTTLS is offered.
func withSMTPServer(mode: SMTPServerConfiguration.Mode = .smtp, maximumMessageSize: Int? = 10_000,
                    idleTimeout: Duration? = nil, sink: MemorySink = MemorySink(),
                    bareLineEnds: DataStreamDecoder.BareLineEndPolicy = .normalize, startTLS: Bool = false,
                    failedLoginDelay: Duration = .zero,
                    _ body: (Int) async throws -> Void) async throws {
    let users = MemoryUsers([("xiong@example.test", "pw"), ("root@example.test", "pw")])
    let policy = RoutingPolicy(localDomains: ["example.test"], relayDomains: [], mynetworks: [],
                               recipientDelimiter: "+", myorigin: "example.test", mydomain: "example.test")
    let router = RecipientRouter(policy: policy, aliases: AliasTable([]), users: users)
    let machine = SMTPServerConfiguration(hostname: "mail.example.test", mode: mode, maximumMessageSize: maximumMessageSize,
                                          requiresAuthentication: mode == .submission, bareLineEnds: bareLineEnds)
    let handler = SMTPConnectionHandler(
        configuration: SMTPServiceConfiguration(machine: machine, disablePlaintextAuth: true, loginTrustedNetworks: []),
        authenticator: Authenticator(database: users, defaultDomain: "example.test"), router: router, sink: sink,
        failedLoginDelay: failedLoginDelay, logger: Logger(label: "test"))
    let listener = ListenerConfiguration(name: "smtp", host: "127.0.0.1", port: 0, implicitTLS: false, idleTimeout: idleTimeout)
    let server = try await Server.bind(listener, tls: startTLS ? TestTLS.serverContext : nil, handler: handler,
                                       logger: Logger(label: "test"))
    let group = ServiceGroup(services: [server], logger: Logger(label: "test"))
    try await withThrowingTaskGroup { tasks in
        tasks.addTask { try await group.run() }
        try await body(server.localAddress.port!)
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
}

extension TestClient {
    /// Sends a line and returns the reply that ends with a line starting `code `.
    func command(_ line: String, expect code: String) async throws -> String {
        try await send(line + "\r\n")
        return try await read(until: "\(code) ")
    }
}
