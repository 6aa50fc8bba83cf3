import DNSProtocol
import Foundation
import Logging
import MailCore
import MailQueue
import MailroomConfig
import NIOPosix
import SMTPProtocol
import Testing
@testable import OutboundDelivery

/// The transport against scripted servers on 127.0.0.1: what goes out, what each recipient's
/// result is, and how it copes with a hostile peer.
@Suite("SMTP transport (RFC 5321 §4.5.3.2, §5.1; RFC 2920)")
struct SMTPTransportTests {
    static let threadPool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        return pool
    }()

    static let body = "Subject: test\r\n\r\nfirst line\r\n.a line that starts with a dot\r\n..two\r\nlast\r\n"

    /// A queue file: some header bytes, then the message.
    static func spooled(_ recipients: [String], body: String = body, sender: String = "alice@example.com") throws -> SpooledMessage {
        let path = NSTemporaryDirectory() + "mailroom-transport-\(UUID().uuidString)"
        let header = "queue header that is not sent\n"
        try (header + body).write(toFile: path, atomically: false, encoding: .utf8)
        let envelope = MessageEnvelope(sender: sender, recipients: recipients.map { MessageRecipient(address: $0, isLocal: false) })
        return SpooledMessage(id: "TEST1", envelope: envelope, path: path, offset: Int64(header.utf8.count),
                              length: Int64(body.utf8.count))
    }

    static func transport(mx: [String: [String]], port: Int, tlsLevel: SMTPTLSSecurityLevel = .none,
                          adjust: (inout OutboundSettings) -> Void = { _ in }) throws -> SMTPTransport {
        var resolver = TableResolver()
        for (domain, hosts) in mx {
            resolver.exchangers[domain] = .success(.exchangers(hosts.enumerated().map {
                MailExchanger(preference: UInt16($0.offset), exchange: DNSName($0.element)!)
            }))
            for host in hosts { resolver.hosts[host] = [IPAddress("127.0.0.1")!] }
        }
        var settings = OutboundSettings(hostName: "mail.example.com", remotePort: port, tlsLevel: tlsLevel)
        adjust(&settings)
        return try SMTPTransport(settings: settings, resolver: resolver, threadPool: threadPool,
                                 logger: Logger(label: "test"))
    }

    @Test("one pipelined transaction: MAIL, RCPT for each recipient, the message dot-stuffed on the wire and unstuffed intact")
    func delivers() async throws {
        let server = try await FakeSMTPServer.start(respond: FakeSMTPServer.standard)
        defer { Task { await server.stop() } }
        let message = try Self.spooled(["bob@example.org", "carol@example.org"])
        let results = try await Self.transport(mx: ["example.org": ["mx.example.org"]], port: server.port)
            .deliver(message, to: message.envelope.recipients)
        let relay = "mx.example.org[127.0.0.1]:\(server.port)"
        #expect(results == Array(repeating: .delivered("250 2.0.0 Ok: queued as FAKE1", relay: relay, dsnPassedOn: true), count: 2))
        let session = try #require(server.recorded.first)
        #expect(session.commands.prefix(5) == [
            "EHLO mail.example.com", "MAIL FROM:<alice@example.com> SIZE=\(Self.body.utf8.count)",
            "RCPT TO:<bob@example.org>", "RCPT TO:<carol@example.org>", "DATA",
        ])
        #expect(session.messages == [String(Self.body.dropLast())], "the last CRLF is the one before the final dot")
    }

    @Test("a server without 8BITMIME gets an 8-bit body as quoted-printable (RFC 6152 §3); with it, the bytes as they are")
    func eightBitDowngrade() async throws {
        let body = "Subject: cafe\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n\r\ncaf\u{e9} cr\u{e8}me\r\n.dot\r\n"
        let sent = try #require(try await Self.sentWithoutEightBitMIME(body))
        #expect(sent.utf8.allSatisfy { $0 < 0x80 }, "no 8-bit octet reaches a 7-bit server")
        #expect(sent.contains("Content-Transfer-Encoding: quoted-printable\r\n"))
        #expect(sent.contains("caf=C3=A9 cr=C3=A8me\r\n.dot"), "the body, encoded, its lines kept (unstuffed by the fake)")

        let eight = try await FakeSMTPServer.start(respond: FakeSMTPServer.standard)
        defer { Task { await eight.stop() } }
        let message = try Self.spooled(["bob@example.org"], body: body)
        _ = try await Self.transport(mx: ["example.org": ["mx.example.org"]], port: eight.port)
            .deliver(message, to: message.envelope.recipients)
        #expect(eight.recorded.first?.messages == [String(body.dropLast())], "the last CRLF is the one before the final dot")
    }

    @Test("a 7-bit message goes to a server without 8BITMIME byte for byte, also one larger than the downgrade holds back")
    func sevenBitUnchanged() async throws {
        let line = String(repeating: "seven bit text ", count: 60) + "\r\n"
        let body = "Subject: big\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + String(repeating: line, count: 300 * 1024 / line.utf8.count)  // past EightBitDowngrade.maximumHeldBytes, 256 KiB
        let sent = try await Self.sentWithoutEightBitMIME(body)
        // A Bool, so that a failure does not print 300 KB.
        let unchanged = sent == String(body.dropLast())
        #expect(unchanged, "the message as it was stored")
    }

    @Test("an MX host at this server's own address and SMTP port is a loop: 5.4.6, nothing sent (RFC 5321 §5.1)")
    func ownAddressLoop() async throws {
        let server = try await FakeSMTPServer.start(respond: FakeSMTPServer.standard)
        defer { Task { await server.stop() } }
        let message = try Self.spooled(["bob@example.org"])
        let own: Set<IPAddress> = [IPAddress("127.0.0.1")!]
        let looping = try Self.transport(mx: ["example.org": ["mx.example.org"]], port: server.port) {
            $0.ownListener = (own, server.port)
        }
        let results = await looping.deliver(message, to: message.envelope.recipients)
        guard case .failed(let failure) = results.first else { Issue.record("\(results)"); return }
        #expect(failure.status == "5.4.6" && failure.diagnostic.contains("mail for example.org loops back to myself"))
        #expect(server.recorded.isEmpty)
        // The same address on another port (a second server on this host) is not this one.
        let other = try Self.transport(mx: ["example.org": ["mx.example.org"]], port: server.port) {
            $0.ownListener = (own, server.port + 1)
        }
        guard case .delivered = await other.deliver(message, to: message.envelope.recipients).first else {
            Issue.record("not delivered to the other server")
            return
        }
    }

    @Test("a TLS handshake that fails: under may the mail goes in the clear on a new connection, under encrypt the host is not used (4.7.5)",
          arguments: [SMTPTLSSecurityLevel.may, .encrypt])
    func handshakeFailure(level: SMTPTLSSecurityLevel) async throws {
        let server = try await Self.startTLSHangingUp()
        defer { Task { await server.stop() } }
        let message = try Self.spooled(["bob@example.org"])
        let transport = try Self.transport(mx: ["example.org": ["mx.example.org"]], port: server.port, tlsLevel: level)
        let results = await transport.deliver(message, to: message.envelope.recipients)
        if level == .may {
            guard case .delivered = results.first else { Issue.record("\(results)"); return }
            #expect(server.recorded.count == 2 && server.recorded[1].commands.allSatisfy { $0 != "STARTTLS" }, "\(server.recorded)")
        } else {
            guard case .failed(let failure) = results.first else { Issue.record("\(results)"); return }
            #expect(failure.status == "4.7.5" && failure.diagnostic.hasSuffix(": Cannot start TLS: handshake failure"),
                    "\(failure) \(server.recorded)")
            #expect(server.recorded.count == 1 && !server.recorded[0].commands.contains { $0.hasPrefix("MAIL") })
        }
    }

    @Test("under may, a host with a login in smtp_sasl_password_maps is not tried in the clear after a failed handshake (Postfix)")
    func handshakeFailureWithLogin() async throws {
        let server = try await Self.startTLSHangingUp()
        defer { Task { await server.stop() } }
        let passwords = NSTemporaryDirectory() + "mailroom-sasl-\(UUID().uuidString)"
        try "[mx.example.org]:\(server.port) alice:secret\n".write(toFile: passwords, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: passwords) }
        #expect(chmod(passwords, 0o600) == 0)
        let logins = try SASLPasswordMap.load([passwords])
        let message = try Self.spooled(["bob@example.org"])
        let transport = try Self.transport(mx: ["example.org": ["mx.example.org"]], port: server.port, tlsLevel: .may) {
            $0.logins = logins
        }
        let results = await transport.deliver(message, to: message.envelope.recipients)
        guard case .failed(let failure) = results.first else { Issue.record("\(results)"); return }
        #expect(failure.status == "4.7.5" && failure.diagnostic.hasSuffix(": Cannot start TLS: handshake failure"), "\(failure)")
        #expect(server.recorded.count == 1, "no second, plaintext connection")
    }

    /// What a server without 8BITMIME received of a message of `body`; `nil` when it was not delivered.
    static func sentWithoutEightBitMIME(_ body: String) async throws -> String? {
        let seven = try await FakeSMTPServer.start { line in
            line.uppercased().hasPrefix("EHLO") ? .reply("250-fake.example\r\n250 PIPELINING\r\n") : FakeSMTPServer.standard(line)
        }
        defer { Task { await seven.stop() } }
        let message = try spooled(["bob@example.org"], body: body)
        let results = try await transport(mx: ["example.org": ["mx.example.org"]], port: seven.port)
            .deliver(message, to: message.envelope.recipients)
        guard case .delivered = results.first else { Issue.record("\(results)"); return nil }
        return seven.recorded.first?.messages.first
    }

    /// A server that offers STARTTLS and says 220 to it, then hangs up instead of speaking TLS.
    static func startTLSHangingUp() async throws -> FakeSMTPServer {
        try await FakeSMTPServer.start { line in
            switch line.uppercased().prefix(8) {
            case "EHLO MAI": .reply("250-fake.example\r\n250-8BITMIME\r\n250 STARTTLS\r\n")
            case "STARTTLS": .replyAndHangUp("220 2.0.0 Ready to start TLS\r\n")
            default: FakeSMTPServer.standard(line)
            }
        }
    }

    @Test("smtp_tls_policy_maps can require TLS where smtp_tls_security_level is none: a server without STARTTLS gets nothing")
    func policyRequiresTLS() async throws {
        let server = try await FakeSMTPServer.start(respond: FakeSMTPServer.standard)
        defer { Task { await server.stop() } }
        let message = try Self.spooled(["bob@example.org"])
        let transport = try Self.transport(mx: ["example.org": ["mx.example.org"]], port: server.port, tlsLevel: .none) {
            $0.tlsPolicies = TLSPolicyMap(["example.org": .init(level: .encrypt)])
        }
        let results = await transport.deliver(message, to: message.envelope.recipients)
        guard case .failed(let failure) = results.first else { Issue.record("\(results)"); return }
        #expect(!failure.isPermanent && failure.diagnostic.contains("TLS is required, but was not offered"), "\(failure)")
        #expect(server.recorded.first?.commands.contains { $0.hasPrefix("MAIL") } != true)
    }

    @Test("the connection stays open for the next message to the destination, then QUITs when none comes")
    func connectionReuse() async throws {
        let server = try await FakeSMTPServer.start(respond: FakeSMTPServer.standard)
        defer { Task { await server.stop() } }
        let transport = try Self.transport(mx: ["example.org": ["mx.example.org"]], port: server.port) {
            $0.connectionCacheTime = .milliseconds(500)
        }
        for number in 1...3 {
            let message = try Self.spooled(["bob@example.org"], body: "Subject: \(number)\r\n\r\nbody \(number)\r\n")
            let results = await transport.deliver(message, to: message.envelope.recipients)
            guard case .delivered = results.first else { Issue.record("message \(number): \(results)"); return }
        }
        try await Self.eventually { server.recorded.first?.commands.last == "QUIT" }
        let sessions = server.recorded
        #expect(sessions.count == 1, "one connection for three messages")
        #expect(sessions.first?.messages.map { $0.hasPrefix("Subject: ") } == [true, true, true])
        #expect(sessions.first?.commands.filter { $0.hasPrefix("EHLO") }.count == 1)
        #expect(sessions.first?.commands.filter { $0.hasPrefix("MAIL") }.count == 3)
    }

    @Test("a kept connection the server closed meanwhile: the next message goes over a new one")
    func reuseAfterServerClosed() async throws {
        let server = try await FakeSMTPServer.start { line in
            line == "." ? .replyAndHangUp("250 2.0.0 Ok: queued\r\n") : FakeSMTPServer.standard(line)
        }
        defer { Task { await server.stop() } }
        let transport = try Self.transport(mx: ["example.org": ["mx.example.org"]], port: server.port) {
            $0.connectionCacheTime = .seconds(30)
        }
        for number in 1...2 {
            let message = try Self.spooled(["bob@example.org"])
            let results = await transport.deliver(message, to: message.envelope.recipients)
            guard case .delivered = results.first else { Issue.record("message \(number): \(results)"); return }
        }
        #expect(server.recorded.count == 2 && server.recorded.allSatisfy { $0.messages.count == 1 })
    }

    /// Waits until `condition` holds, for at most 60 seconds (an event of another task, not a timing;
    /// the bound is a hang guard, generous because parallel CPU-bound tests can hold the pool).
    static func eventually(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while !condition() {
            guard ContinuousClock.now < deadline else { throw CancellationError() }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test("a server's reply text keeps no control character (ESC, NUL, bare CR) on its way to the log and the DSN")
    func replyTextSanitised() async throws {
        let server = try await FakeSMTPServer.start { line in
            line == "." ? .reply("250 2.0.0 queued \u{1B}[31mred\u{0}\rmore\r\n") : FakeSMTPServer.standard(line)
        }
        defer { Task { await server.stop() } }
        let message = try Self.spooled(["bob@example.org"])
        let results = try await Self.transport(mx: ["example.org": ["mx.example.org"]], port: server.port)
            .deliver(message, to: message.envelope.recipients)
        guard case .delivered(let detail, _, _) = results.first else { Issue.record("\(results)"); return }
        #expect(!detail.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(detail)")
        #expect(detail.hasPrefix("250 2.0.0 queued "))
    }

    @Test("a recipient refused at RCPT bounces with the server's reply; a 4yz one waits; the others are delivered")
    func perRecipient() async throws {
        let server = try await FakeSMTPServer.start { line in
            if line.contains("<gone@") { return .reply("550 5.1.1 <gone@example.org>: Recipient address rejected\r\n") }
            if line.contains("<full@") { return .reply("452 4.2.2 Mailbox full\r\n") }
            return FakeSMTPServer.standard(line)
        }
        defer { Task { await server.stop() } }
        let message = try Self.spooled(["gone@example.org", "bob@example.org", "full@example.org"])
        let results = try await Self.transport(mx: ["example.org": ["mx.example.org"]], port: server.port)
            .deliver(message, to: message.envelope.recipients)
        guard case .failed(let gone) = results[0], case .delivered = results[1], case .failed(let full) = results[2] else {
            Issue.record("\(results)")
            return
        }
        #expect(gone.isPermanent && gone.status == "5.1.1" && gone.diagnostic == "550 5.1.1 <gone@example.org>: Recipient address rejected")
        #expect(!full.isPermanent && full.status == "4.2.2")
        #expect(gone.relay == "mx.example.org[127.0.0.1]:\(server.port)")
    }

    @Test("a server that refuses to talk passes the mail to the next MX host; with none left the mail waits")
    func nextHost() async throws {
        // Two MX hosts on one port: the more preferred on 127.0.0.1 refuses, the other on 127.0.0.2 takes the mail.
        let working = try await FakeSMTPServer.start(host: "127.0.0.2", respond: FakeSMTPServer.standard)
        let refusing = try await FakeSMTPServer.start(port: working.port, greeting: "554 5.7.1 go away") { _ in .reply("221 Bye\r\n") }
        defer { Task { await refusing.stop(); await working.stop() } }
        var resolver = TableResolver()
        resolver.exchangers["example.org"] = .success(TableResolver.exchangers("mx1.example.org", "mx2.example.org"))
        resolver.hosts["mx1.example.org"] = [IPAddress("127.0.0.1")!]
        resolver.hosts["mx2.example.org"] = [IPAddress("127.0.0.2")!]
        let transport = try SMTPTransport(settings: OutboundSettings(hostName: "mail.example.com", remotePort: working.port, tlsLevel: .none),
                                          resolver: resolver, threadPool: Self.threadPool, logger: Logger(label: "test"))
        let message = try Self.spooled(["bob@example.org"])
        #expect(try await transport.deliver(message, to: message.envelope.recipients)
            == [.delivered("250 2.0.0 Ok: queued as FAKE1", relay: "mx2.example.org[127.0.0.2]:\(working.port)", dsnPassedOn: true)])
        #expect(refusing.recorded.first?.commands == ["QUIT"])

        let alone = try await Self.transport(mx: ["example.org": ["mx1.example.org"]], port: refusing.port)
            .deliver(message, to: message.envelope.recipients)
        guard case .failed(let refused) = alone.first else { Issue.record("\(alone)"); return }
        #expect(!refused.isPermanent && refused.diagnostic.hasPrefix("554 5.7.1 go away"))
    }

    @Test("hostile server: garbage, a reply that never ends, a dropped connection and silence each defer with 4.4.2, naming the stage")
    func hostile() async throws {
        let cases: [(String, @Sendable (String) -> FakeSMTPServer.Answer, String)] = [
            ("garbage", { $0.hasPrefix("EHLO") ? .reply("hello there\r\n") : FakeSMTPServer.standard($0) },
             "malformed reply while performing the EHLO handshake"),
            ("endless", { $0.hasPrefix("MAIL") ? .reply(String(repeating: "250-more\r\n", count: 500)) : FakeSMTPServer.standard($0) },
             "malformed reply while sending MAIL FROM"),
            ("over-long", { $0.hasPrefix("RCPT") ? .reply("250 " + String(repeating: "x", count: 3000) + "\r\n") : FakeSMTPServer.standard($0) },
             "malformed reply while sending RCPT TO"),
            ("dropped", { $0 == "." ? .hangUp : FakeSMTPServer.standard($0) },
             "lost connection with host while sending message body"),
            ("silent", { $0 == "." ? .silence : FakeSMTPServer.standard($0) },
             "timed out while sending message body"),
        ]
        for (name, respond, expected) in cases {
            let server = try await FakeSMTPServer.start(respond: respond)
            let message = try Self.spooled(["bob@example.org"])
            let results = try await Self.transport(mx: ["example.org": ["mx.example.org"]], port: server.port) {
                $0.timeouts.dataTermination = .milliseconds(300)
            }.deliver(message, to: message.envelope.recipients)
            await server.stop()
            guard case .failed(let failure) = results.first else { Issue.record("\(name): \(results)"); continue }
            #expect(!failure.isPermanent && failure.status == "4.4.2", "\(name)")
            #expect(failure.diagnostic.contains(expected), "\(name): \(failure.diagnostic)")
        }
    }

    @Test("a destination none of whose hosts answered is suspended: its next deliveries are deferred at once, without a connection")
    func deadDestination() async throws {
        let refusing = try await FakeSMTPServer.start(greeting: "554 5.7.1 go away") { _ in .reply("221 Bye\r\n") }
        defer { Task { await refusing.stop() } }
        let message = try Self.spooled(["bob@example.org"])
        let transport = try Self.transport(mx: ["example.org": ["mx.example.org"]], port: refusing.port)
        _ = await transport.deliver(message, to: message.envelope.recipients)
        let second = await transport.deliver(message, to: message.envelope.recipients)
        guard case .failed(let suspended) = second.first else { Issue.record("\(second)"); return }
        #expect(!suspended.isPermanent && suspended.diagnostic.hasSuffix(
            "delivery temporarily suspended: host mx.example.org[127.0.0.1]:\(refusing.port) said: 554 5.7.1 go away"))
        #expect(refusing.recorded.count == 1, "no second connection")
        await transport.flushed()
        _ = await transport.deliver(message, to: message.envelope.recipients)
        #expect(refusing.recorded.count == 2, "a flush tries the destination again")

        let retrying = try Self.transport(mx: ["example.org": ["mx.example.org"]], port: refusing.port) {
            $0.deadDestinationSuspension = .zero
        }
        _ = await retrying.deliver(message, to: message.envelope.recipients)
        _ = await retrying.deliver(message, to: message.envelope.recipients)
        #expect(refusing.recorded.count == 4, "without a suspension every delivery connects")
    }

    @Test("nobody listening: deferred with the connect failure")
    func unreachable() async throws {
        let server = try await FakeSMTPServer.start(respond: FakeSMTPServer.standard)
        let port = server.port
        await server.stop()
        let message = try Self.spooled(["bob@example.org"])
        let results = try await Self.transport(mx: ["example.org": ["mx.example.org"]], port: port)
            .deliver(message, to: message.envelope.recipients)
        guard case .failed(let failure) = results.first else { Issue.record("\(results)"); return }
        #expect(failure.status == "4.4.1" && failure.diagnostic.hasSuffix("connect to mx.example.org[127.0.0.1]:\(port): Connection refused"))
    }
}
