import Foundation
import MailCore
import SMTPProtocol
import ServerTestSupport
import Testing

/// The SMTP server in process on 127.0.0.1:0, driven by transcripts (maddy's `tests/conn.go` style).
@Suite("SMTP sessions in process")
struct SMTPSessionTests {
    @Test("RFC 5321 D.1 typical transaction: the body is unstuffed, a Received header goes first")
    func typicalTransaction() async throws {
        let sink = MemorySink()
        try await withSMTPServer(sink: sink) { port in
            let client = try await TestClient.connect(port: port)
            #expect(try await client.read(until: "\r\n").hasPrefix("220 mail.example.test ESMTP"))
            let ehlo = try await client.command("EHLO client.example", expect: "250")
            #expect(ehlo.contains("250-SIZE 10000") && ehlo.contains("250-PIPELINING") && !ehlo.contains("STARTTLS"),
                    "no STARTTLS without a certificate")
            #expect(ehlo.contains("250-AUTH PLAIN LOGIN"), "plaintext AUTH is allowed from loopback")
            _ = try await client.command("MAIL FROM:<Smith@bar.com>", expect: "250")
            _ = try await client.command("RCPT TO:<root@example.test>", expect: "250")
            _ = try await client.command("DATA", expect: "354")
            let done = try await client.command("Subject: hi\r\n\r\nBlah blah blah...\r\n..leading dot\r\n.", expect: "250")
            #expect(done.contains("250 2.0.0 Ok: queued as TEST1"))
            #expect(try await client.command("QUIT", expect: "221").hasPrefix("221 2.0.0"))
        }
        let message = try #require(sink.messages.first)
        #expect(message.envelope.sender == "Smith@bar.com")
        #expect(message.envelope.recipients.map(\.address) == ["root@example.test"])
        #expect(message.text.hasPrefix("Received: from client.example (unknown [127.0.0.1])\r\n\tby mail.example.test (mailroom) with ESMTP\r\n\tfor <root@example.test>; "))
        #expect(message.text.hasSuffix("\r\nSubject: hi\r\n\r\nBlah blah blah...\r\n.leading dot\r\n"))
    }

    @Test("pipelined commands get their replies in order; relay is denied and unknown users refused")
    func pipelining() async throws {
        try await withSMTPServer { port in
            let client = try await TestClient.connect(port: port)
            _ = try await client.read(until: "220 ")
            try await client.send("EHLO c\r\nMAIL FROM:<a@outside.test>\r\nRCPT TO:<x@elsewhere.test>\r\n"
                + "RCPT TO:<nobody@example.test>\r\nRCPT TO:<xiong+tag@example.test>\r\nRSET\r\nNOOP\r\n")
            let replies = try await client.read(until: "250 2.0.0 Ok\r\n250 2.0.0")
                .split(separator: "\r\n").filter { !$0.hasPrefix("250-") }.map { String($0.prefix(9)) }
            #expect(replies == ["250 CHUNK", "250 2.1.0", "554 5.7.1", "550 5.1.1", "250 2.1.5", "250 2.0.0", "250 2.0.0"])
            await client.close()
        }
    }

    @Test("AUTH PLAIN from loopback in plaintext, then relaying is allowed (submission)")
    func authenticatedRelay() async throws {
        let sink = MemorySink()
        try await withSMTPServer(mode: .submission, sink: sink) { port in
            let client = try await TestClient.connect(port: port)
            _ = try await client.read(until: "220 ")
            _ = try await client.command("EHLO c", expect: "250")
            #expect(try await client.command("MAIL FROM:<xiong@example.test>", expect: "530").contains("5.7.0"))
            let wrong = Data("\0xiong\0nope".utf8).base64EncodedString()
            #expect(try await client.command("AUTH PLAIN \(wrong)", expect: "535").contains("535 5.7.8"))
            let right = Data("\0xiong\0pw".utf8).base64EncodedString()
            #expect(try await client.command("AUTH PLAIN \(right)", expect: "235").contains("235 2.7.0"))
            _ = try await client.command("MAIL FROM:<xiong@example.test>", expect: "250")
            _ = try await client.command("RCPT TO:<friend@elsewhere.test>", expect: "250")
            _ = try await client.command("DATA", expect: "354")
            _ = try await client.command("Subject: out\r\n\r\nx\r\n.", expect: "250")
            await client.close()
        }
        let message = try #require(sink.messages.first)
        #expect(message.envelope.recipients == [MessageRecipient(address: "friend@elsewhere.test", isLocal: false)])
        #expect(message.text.contains("with ESMTPA"))
    }

    @Test("BDAT chunks pipelined with their data (RFC 3030), then the next command")
    func chunking() async throws {
        let sink = MemorySink()
        try await withSMTPServer(sink: sink) { port in
            let client = try await TestClient.connect(port: port)
            _ = try await client.read(until: "220 ")
            _ = try await client.command("EHLO c", expect: "250")
            try await client.send("MAIL FROM:<a@b.test>\r\nRCPT TO:<root@example.test>\r\nBDAT 5\r\nHelloBDAT 8 LAST\r\n World\r\nNOOP\r\n")
            let replies = try await client.read(until: "250 2.0.0 Ok\r\n")
            #expect(replies.contains("queued as TEST1"))
            await client.close()
        }
        #expect(sink.messages.first?.text.hasSuffix("Hello World\r\n") == true)
    }

    @Test("a message over the size limit gets 552 5.3.4 after its final dot; the session goes on")
    func sizeLimit() async throws {
        let sink = MemorySink()
        try await withSMTPServer(maximumMessageSize: 100, sink: sink) { port in
            let client = try await TestClient.connect(port: port)
            _ = try await client.read(until: "220 ")
            _ = try await client.command("EHLO c", expect: "250")
            #expect(try await client.command("MAIL FROM:<a@b.test> SIZE=1000", expect: "552").contains("5.3.4"))
            _ = try await client.command("MAIL FROM:<a@b.test>", expect: "250")
            _ = try await client.command("RCPT TO:<root@example.test>", expect: "250")
            _ = try await client.command("DATA", expect: "354")
            let big = String(repeating: "0123456789\r\n", count: 50)
            #expect(try await client.command(big + ".", expect: "552").contains("552 5.3.4"))
            #expect(try await client.command("NOOP", expect: "250").contains("250 2.0.0"))
            await client.close()
        }
        #expect(sink.messages.isEmpty)
    }

    @Test("a silent client gets 421 4.4.2, also inside DATA, and no half message is queued (RFC 5321 §4.5.3.2)")
    func idleInsideData() async throws {
        let sink = MemorySink()
        try await withSMTPServer(idleTimeout: .milliseconds(200), sink: sink) { port in
            let client = try await TestClient.connect(port: port)
            // One write, so the silence the server sees is normally after the half message (inside DATA).
            // On a loaded machine the timer may fire before the write arrives; the outcome must be the
            // same 421 and nothing queued either way.
            try await client.send("EHLO c\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<root@example.test>\r\nDATA\r\n"
                + "Subject: half a message\r\n")
            let transcript = try await client.readToEnd()
            #expect(transcript.split(separator: "\r\n").last?.hasPrefix("421 4.4.2") == true, "\(transcript)")
        }
        #expect(sink.messages.isEmpty)
    }

    @Test("a queue that cannot commit is 451 4.3.0, never 250")
    func commitFailure() async throws {
        try await withSMTPServer(sink: MemorySink(failCommits: true)) { port in
            let client = try await TestClient.connect(port: port)
            _ = try await client.read(until: "220 ")
            _ = try await client.command("HELO c", expect: "250")
            _ = try await client.command("MAIL FROM:<>", expect: "250")
            _ = try await client.command("RCPT TO:<root@example.test>", expect: "250")
            _ = try await client.command("DATA", expect: "354")
            #expect(try await client.command("x\r\n.", expect: "451").contains("451 4.3.0"))
            await client.close()
        }
    }
}
