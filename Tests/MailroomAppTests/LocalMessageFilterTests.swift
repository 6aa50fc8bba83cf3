import Testing

@testable import MailroomApp

@Suite("LocalMessageFilter: what sendmail queues")
struct LocalMessageFilterTests {
    let defaults = LocalMessageFilter.Defaults(from: "root@example.test", date: "Thu, 26 Nov 2026 01:00:00 +0000",
                                               messageID: "<1.2@mail.example.test>")

    private func run(_ input: String, dot: Bool = true, chunk: Int = 3) -> (String, LocalMessageFilter) {
        var filter = LocalMessageFilter(defaults: defaults, dotEndsMessage: dot)
        var output: [UInt8] = []
        let bytes = Array(input.utf8)
        for start in stride(from: 0, to: bytes.count, by: chunk) {
            output += filter.feed(bytes[start..<min(bytes.count, start + chunk)])
        }
        output += filter.finish()
        return (String(decoding: output, as: UTF8.self), filter)
    }

    @Test("missing From, Date and Message-ID are added; LF becomes CRLF")
    func addsMissingFields() {
        let (output, _) = run("Subject: hi\nTo: root\n\nbody\n")
        #expect(output == "From: root@example.test\r\nDate: Thu, 26 Nov 2026 01:00:00 +0000\r\n"
            + "Message-ID: <1.2@mail.example.test>\r\nSubject: hi\r\nTo: root\r\n\r\nbody\r\n")
    }

    @Test("fields already there are kept as written")
    func keepsPresentFields() {
        let (output, _) = run("From: Me <me@x.test>\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\nMessage-ID: <a@b>\r\n\r\nx\r\n")
        #expect(output == "From: Me <me@x.test>\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\nMessage-ID: <a@b>\r\n\r\nx\r\n")
    }

    @Test("-t: recipients from To, Cc and Bcc (folded, named, grouped); Bcc is removed")
    func extractsRecipients() {
        let (output, filter) = run("To: \"Doe, John\" <john@x.test>, root\nCc: team: a@x.test,\n b@x.test;\nBcc: secret@x.test\nSubject: s\n\nbody\n")
        #expect(filter.headerRecipients == ["john@x.test", "root", "a@x.test", "b@x.test", "secret@x.test"])
        #expect(!output.contains("Bcc"))
        #expect(output.contains("Cc: team: a@x.test,\r\n b@x.test;\r\n"))
    }

    @Test("a lone dot ends the input unless -i; a dot line is kept with -i")
    func dots() {
        #expect(run("Subject: s\n\none\n.\nafter\n").0.hasSuffix("\r\n\r\none\r\n"))
        #expect(run("Subject: s\n\none\n.\nafter\n", dot: false).0.hasSuffix("one\r\n.\r\nafter\r\n"))
        #expect(run("Subject: s\n\n..\n").0.hasSuffix("\r\n..\r\n"), "no dot-stuffing on stdin")
    }

    @Test("a body without a header section gets the fields and an empty line; no final newline is fine")
    func bodyOnly() {
        let (output, _) = run("just text\nmore", chunk: 1)
        #expect(output.hasSuffix("Message-ID: <1.2@mail.example.test>\r\n\r\njust text\r\nmore\r\n"))
        #expect(run("").0 == "From: root@example.test\r\nDate: Thu, 26 Nov 2026 01:00:00 +0000\r\nMessage-ID: <1.2@mail.example.test>\r\n\r\n")
    }

    @Test("every line end, bare CR included, becomes CRLF in any chunking, so nothing queued hides a line end",
          arguments: [1, 2, 3, 7])
    func lineEnds(chunk: Int) {
        let (output, _) = run("Subject: s\r\n\r\na\rb\r\r\nc\n\rd\r", dot: false, chunk: chunk)
        #expect(output.hasSuffix("Subject: s\r\n\r\na\r\nb\r\n\r\nc\r\n\r\nd\r\n"))
        let bytes = Array(output.utf8)
        #expect(bytes.indices.allSatisfy { index in
            switch bytes[index] {
            case 13: index + 1 < bytes.count && bytes[index + 1] == 10
            case 10: index > 0 && bytes[index - 1] == 13
            default: true
            }
        })
    }

    @Test("a dot line ended by a bare CR ends the input like one ended by LF; nothing after it is queued")
    func dotWithBareCR() {
        #expect(run("Subject: s\n\none\r.\rMAIL FROM:<x@y>\n").0.hasSuffix("\r\n\r\none\r\n"))
    }
}
