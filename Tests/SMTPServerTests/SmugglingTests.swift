import Foundation
import MailCore
import SMTPProtocol
import ServerTestSupport
import Testing

/// SMTP smuggling (CVE-2023-51764) and bare line ends, end to end through the session: RFC 5321
/// §4.1.1.4 says only CRLF.CRLF ends DATA, so a dot line ended or preceded by a bare LF or CR is body.
@Suite("SMTP smuggling and bare line ends, in process")
struct SmugglingTests {
    static let forged = "MAIL FROM:<ceo@example.test>\r\nRCPT TO:<xiong@example.test>\r\nDATA\r\nSubject: forged\r\n\r\nx\r\n"

    @Test("a fake end of data followed by commands delivers one message to its own recipient only",
          arguments: ["\n.\n", "\r\n.\n", "\n.\r\n", "\r.\r", "\r\n.\r", "\r.\r\n"])
    func smugglingTranscript(_ fakeEnd: String) async throws {
        let sink = MemorySink()
        try await withSMTPServer(sink: sink) { port in
            let client = try await TestClient.connect(port: port)
            _ = try await client.read(until: "220 ")
            _ = try await client.command("EHLO c", expect: "250")
            _ = try await client.command("MAIL FROM:<a@outside.test>", expect: "250")
            _ = try await client.command("RCPT TO:<root@example.test>", expect: "250")
            _ = try await client.command("DATA", expect: "354")
            try await client.send("Subject: real\r\n\r\nbody" + fakeEnd + Self.forged + ".\r\nQUIT\r\n")
            let replies = try await client.readToEnd()
            #expect(replies.components(separatedBy: "250 ").count == 2, "one 250 only: \(replies)")
            #expect(replies.contains("250 2.0.0 Ok: queued as TEST1") && replies.contains("221 2.0.0"))
        }
        #expect(sink.messages.count == 1)
        let message = try #require(sink.messages.first)
        #expect(message.envelope.recipients.map(\.address) == ["root@example.test"])
        #expect(message.text.contains("MAIL FROM:<ceo@example.test>\r\nRCPT TO:<xiong@example.test>\r\n"))
    }

    @Test("smtpd_forbid_bare_newline = reject: a bare LF in the body gets 521 5.5.2, no message, the connection closes")
    func rejectInBody() async throws {
        let sink = MemorySink()
        try await withSMTPServer(sink: sink, bareLineEnds: .reject) { port in
            let client = try await TestClient.connect(port: port)
            _ = try await client.read(until: "220 ")
            _ = try await client.command("EHLO c", expect: "250")
            _ = try await client.command("MAIL FROM:<a@outside.test>", expect: "250")
            _ = try await client.command("RCPT TO:<root@example.test>", expect: "250")
            _ = try await client.command("DATA", expect: "354")
            try await client.send("Subject: x\r\n\r\nbare\nline\r\n.\r\n")
            let rest = try await client.readToEnd()
            #expect(rest.hasPrefix("521 5.5.2 mail.example.test Error: bare <LF> received\r\n"))
            #expect(!rest.contains("250"))
        }
        #expect(sink.messages.isEmpty)
    }

    @Test("smtpd_forbid_bare_newline = reject: a command ended by a bare LF gets 521 5.5.2 and the connection closes")
    func rejectCommand() async throws {
        try await withSMTPServer(bareLineEnds: .reject) { port in
            let client = try await TestClient.connect(port: port)
            _ = try await client.read(until: "220 ")
            try await client.send("EHLO c\nNOOP\r\n")
            #expect(try await client.readToEnd() == "521 5.5.2 mail.example.test Error: bare <LF> received\r\n")
        }
    }

    @Test("BDAT: a dot line inside a chunk is data, and bare line ends become CRLF across chunks")
    func bdat() async throws {
        let sink = MemorySink()
        try await withSMTPServer(sink: sink) { port in
            let client = try await TestClient.connect(port: port)
            _ = try await client.read(until: "220 ")
            _ = try await client.command("EHLO c", expect: "250")
            let first = "a\n.\r\nMAIL FROM:<x@y.test>\r"
            let last = "\nend\r"
            try await client.send("MAIL FROM:<a@b.test>\r\nRCPT TO:<root@example.test>\r\n"
                + "BDAT \(first.utf8.count)\r\n\(first)BDAT \(last.utf8.count) LAST\r\n\(last)QUIT\r\n")
            let replies = try await client.readToEnd()
            #expect(replies.contains("queued as TEST1") && replies.contains("221 2.0.0"))
        }
        let message = try #require(sink.messages.first)
        #expect(message.text.hasSuffix("\r\na\r\n.\r\nMAIL FROM:<x@y.test>\r\nend\r\n"))
        #expect(sink.messages.count == 1)
    }

    @Test("a failed AUTH is answered only after the failed-login delay, as POP3's is")
    func failedAuthIsDelayed() async throws {
        try await withSMTPServer(mode: .submission, failedLoginDelay: .milliseconds(400)) { port in
            let client = try await TestClient.connect(port: port)
            _ = try await client.read(until: "220 ")
            _ = try await client.command("EHLO c", expect: "250")
            let wrong = Data("\0xiong\0nope".utf8).base64EncodedString()
            let started = ContinuousClock.now
            #expect(try await client.command("AUTH PLAIN \(wrong)", expect: "535").contains("535 5.7.8"))
            #expect(ContinuousClock.now - started >= .milliseconds(400), "a lower bound, never a race")
            await client.close()
        }
    }
}
