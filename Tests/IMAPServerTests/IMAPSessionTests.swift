import IMAPServer
import IMAPProtocol
import MailFolders
import MailIndex
import ServerTestSupport
import Testing

/// The IMAP listener in process, over a real folder store: what clients on several devices rely on.
@Suite("IMAP server on 127.0.0.1:0")
struct IMAPSessionTests {
    static let message = "From: a@example.test\r\nSubject: hello\r\n\r\nbody line\r\n"

    @Test("RFC 9051 §6.3.12, §6.4.5: an APPENDed message is FETCHed byte for byte, with its flags and [APPENDUID]")
    func appendThenFetch() async throws {
        try await withIMAPServer { port, _, _ in
            let client = try await TestClient.loggedIn(port: port)
            let appended = try await client.imap("a1 APPEND INBOX (\\Flagged) {\(Self.message.utf8.count)+}\r\n\(Self.message)")
            #expect(appended.contains("a1 OK [APPENDUID "))
            _ = try await client.imap("a2 SELECT INBOX")
            let fetched = try await client.imap("a3 FETCH 1 (FLAGS RFC822.SIZE BODY.PEEK[])")
            #expect(fetched.contains("FLAGS (\\Flagged)"))
            #expect(fetched.contains("RFC822.SIZE \(Self.message.utf8.count)"))
            #expect(fetched.contains("BODY[] {\(Self.message.utf8.count)}\r\n\(Self.message))"))
            await client.close()
        }
    }

    @Test("RFC 3516 §4.3: BINARY of a part in an unknown transfer encoding is NO [UNKNOWN-CTE], not EXPUNGEISSUED")
    func binaryOfUnknownEncoding() async throws {
        let odd = "From: a@example.test\r\nContent-Transfer-Encoding: x-odd\r\n\r\nbody\r\n"
        try await withIMAPServer { port, _, _ in
            let client = try await TestClient.loggedIn(port: port)
            _ = try await client.imap("a1 APPEND INBOX {\(odd.utf8.count)+}\r\n\(odd)")
            _ = try await client.imap("a2 SELECT INBOX")
            let fetched = try await client.imap("a3 FETCH 1 BINARY.PEEK[1]")
            #expect(fetched.contains("a3 NO [UNKNOWN-CTE]"))
            await client.close()
        }
    }

    @Test("RFC 9051 §7.4.1: another session's STORE and EXPUNGE reach this one at NOOP; no EXPUNGE during FETCH")
    func twoSessions() async throws {
        try await withIMAPServer { port, _, _ in
            let a = try await TestClient.loggedIn(port: port)
            let b = try await TestClient.loggedIn(port: port)
            for tag in ["p1", "p2"] {
                _ = try await a.imap("\(tag) APPEND INBOX {\(Self.message.utf8.count)+}\r\n\(Self.message)")
            }
            _ = try await a.imap("a1 SELECT INBOX")
            _ = try await b.imap("b1 SELECT INBOX")
            _ = try await b.imap("b2 STORE 2 +FLAGS.SILENT (\\Seen)")
            let noop = try await a.imap("a2 NOOP")
            #expect(noop.contains("* 2 FETCH (UID 2 FLAGS (\\Seen))"))
            _ = try await b.imap("b3 STORE 1 +FLAGS.SILENT (\\Deleted)")
            _ = try await b.imap("b4 EXPUNGE")
            let fetch = try await a.imap("a3 FETCH 1:2 (FLAGS)")
            #expect(!fetch.contains("* 1 EXPUNGE"), "RFC 9051 §7.4.1: not during FETCH by sequence number")
            // RFC 2180 §4.1.3, RFC 9051 §7.1: the message still there is fetched; the gone one is told.
            #expect(fetch.contains("* 2 FETCH (FLAGS (\\Seen))"))
            #expect(fetch.contains("a3 NO [EXPUNGEISSUED]"))
            let later = try await a.imap("a4 NOOP")
            #expect(later.contains("* 1 EXPUNGE"))
            await a.close()
            await b.close()
        }
    }

    @Test("FETCH 1:* of nine batches (256 each), loaded ahead and out of order: every message once, in order, parsed the first time and kept the second; an expunged one is NO [EXPUNGEISSUED]")
    func fetchOfManyBatches() async throws {
        // More batches than the session loads at once plus those it may hold ahead (2 + 4), and a short last one.
        func numbered(_ n: Int) -> String { "From: a@example.test\r\nSubject: number \(n)\r\n\r\nbody \(n)\r\n" }
        try await withIMAPServer { port, store, _ in
            let count = 8 * 256 + 100
            for n in 1...count {
                _ = try store.append(Array(numbered(n).utf8), flags: MessageFlags(), internalDate: nil, to: "INBOX")
            }
            let a = try await TestClient.loggedIn(port: port)
            let b = try await TestClient.loggedIn(port: port)
            _ = try await a.imap("a1 SELECT INBOX")
            _ = try await b.imap("b1 SELECT INBOX")
            for tag in ["a2", "a3"] {
                let answer = try await a.imap("\(tag) FETCH 1:* (UID ENVELOPE)")
                let lines = answer.split(separator: "\r\n").filter { $0.hasPrefix("* ") }
                #expect(lines.count == count)
                for (offset, line) in lines.enumerated() {
                    #expect(line.hasPrefix("* \(offset + 1) FETCH (UID \(offset + 1) ENVELOPE ("))
                    #expect(line.contains("\"number \(offset + 1)\""))
                }
                #expect(answer.contains("\r\n\(tag) OK"))
            }
            _ = try await b.imap("b2 STORE 600 +FLAGS.SILENT (\\Deleted)")
            _ = try await b.imap("b3 EXPUNGE")
            let after = try await a.imap("a4 FETCH 1:* (UID FLAGS)")
            #expect(after.contains("a4 NO [EXPUNGEISSUED]"))
            #expect(after.split(separator: "\r\n").filter { $0.contains(" FETCH (UID ") }.count == count - 1)
            #expect(try await a.imap("a5 NOOP").contains("* 600 EXPUNGE"))
            await a.close()
            await b.close()
        }
    }

    @Test("FETCH of one body at a time reads ahead; another session's STORE and a delivery still show at the next FETCH")
    func readAheadStaysExact() async throws {
        func numbered(_ n: Int) -> String { "From: a@example.test\r\nSubject: \(n)\r\n\r\nbody of message \(n)\r\n" }
        func literal(_ n: Int) -> String { "BODY[] {\(numbered(n).utf8.count)}\r\n\(numbered(n))" }
        try await withIMAPServer { port, store, announce in
            let a = try await TestClient.loggedIn(port: port)
            let b = try await TestClient.loggedIn(port: port)
            for n in 1...4 {
                _ = try await a.imap("p\(n) APPEND INBOX {\(numbered(n).utf8.count)+}\r\n\(numbered(n))")
            }
            _ = try await a.imap("a1 SELECT INBOX")
            _ = try await b.imap("b1 SELECT INBOX")
            #expect(try await a.imap("a2 FETCH 1 BODY.PEEK[]").contains(literal(1)))
            _ = try await b.imap("b2 STORE 2 +FLAGS.SILENT (\\Flagged)")
            let second = try await a.imap("a3 FETCH 2 (FLAGS BODY.PEEK[])")
            #expect(second.contains("FLAGS (\\Flagged)"), "flags as they are now, not as read ahead")
            #expect(second.contains(literal(2)))
            #expect(try await a.imap("a4 FETCH 3 BODY.PEEK[]").contains(literal(3)))
            _ = try store.append(Array(numbered(5).utf8), flags: MessageFlags(), internalDate: nil, to: "INBOX")
            announce("INBOX")
            let fourth = try await a.imap("a5 UID FETCH 4 BODY.PEEK[]")
            #expect(fourth.contains(literal(4)))
            #expect(fourth.contains("* 5 EXISTS"), "a delivery is reported at the next command boundary")
            #expect(try await a.imap("a6 FETCH 5 BODY.PEEK[]").contains(literal(5)))
            await a.close()
            await b.close()
        }
    }

    @Test("ENVELOPE and BODYSTRUCTURE answer the same when parsed, when first kept in wire form, and when read from it, for 7-bit and UTF-8 sessions")
    func structureAnswersStable() async throws {
        let eightBit = "From: Jörg <j@example.test>\r\nSubject: Grüße\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHallo\r\n"
        try await withIMAPServer { port, _, _ in
            let a = try await TestClient.loggedIn(port: port)
            _ = try await a.imap("p1 APPEND INBOX {\(Self.message.utf8.count)+}\r\n\(Self.message)")
            _ = try await a.imap("p2 APPEND INBOX {\(eightBit.utf8.count)+}\r\n\(eightBit)")
            _ = try await a.imap("a1 SELECT INBOX")
            let answers = try await (1...3).asyncMap { n in try await a.imap("s\(n) FETCH 1:* (ENVELOPE BODY BODYSTRUCTURE)") }
            let bodies = answers.map { $0.split(separator: "\r\n").dropLast().joined(separator: "\r\n") }
            #expect(bodies[0] == bodies[1] && bodies[1] == bodies[2])
            #expect(bodies[0].contains("ENVELOPE ("))
            let b = try await TestClient.loggedIn(port: port)
            _ = try await b.imap("e1 ENABLE IMAP4rev2")
            _ = try await b.imap("b1 SELECT INBOX")
            let utf8 = try await (1...3).asyncMap { n in try await b.imap("u\(n) FETCH 2 (ENVELOPE BODYSTRUCTURE)") }
            let utf8Bodies = utf8.map { $0.split(separator: "\r\n").dropLast().joined(separator: "\r\n") }
            #expect(utf8Bodies[0] == utf8Bodies[1] && utf8Bodies[1] == utf8Bodies[2])
            #expect(utf8Bodies[0].contains("\"Grüße\""), "UTF-8 quoted, not a literal (RFC 9051 §5.1)")
            #expect(!bodies[0].contains("\"Grüße\""), "7-bit sessions get 8-bit strings as literals")
            await a.close()
            await b.close()
        }
    }

    @Test("RFC 2177 §3: a session in IDLE gets EXISTS as soon as a delivery is announced, and DONE ends it")
    func idlePush() async throws {
        try await withIMAPServer { port, store, announce in
            let a = try await TestClient.loggedIn(port: port)
            _ = try await a.imap("a1 SELECT INBOX")
            try await a.send("a2 IDLE\r\n")
            _ = try await a.read(until: "+ ")
            // A delivery as the queue makes it: into the store, then announced. The listener's
            // mailbox_idle_check_interval (30 s) is far longer than the wait, so only the announcement
            // can bring the EXISTS.
            _ = try store.append(Array(Self.message.utf8), flags: MessageFlags(), internalDate: nil, to: "INBOX")
            announce("INBOX")
            _ = try await a.read(until: "* 1 EXISTS\r\n")
            try await a.send("DONE\r\n")
            #expect(try await a.completion(of: "a2").contains("a2 OK"))
            await a.close()
        }
    }

    @Test("RFC 3502 §6: a MULTIAPPEND past 4 x APPENDLIMIT in all is refused with NO [LIMIT] and stores nothing")
    func multiAppendLimit() async throws {
        let settings = IMAPSettings(greeting: "test ready.", limits: IMAPLimits(messageSize: 100), failedLoginDelay: .zero)
        try await withIMAPServer(settings: settings) { port, store, _ in
            let client = try await TestClient.loggedIn(port: port)
            let body = String(repeating: "x", count: 88) + "\r\n"
            let message = "Subject: a\r\n\r\n" + body.prefix(90 - 14)
            let parts = (0..<5).map { _ in " {\(message.utf8.count)+}\r\n\(message)" }.joined()
            let refused = try await client.imap("m1 APPEND INBOX" + parts)
            #expect(refused.contains("m1 NO [LIMIT]"))
            #expect(try store.open("INBOX").messages.isEmpty, "all or nothing")
            // Within the limit, the same command stores every message.
            let accepted = try await client.imap("m2 APPEND INBOX" + (0..<4).map { _ in " {\(message.utf8.count)+}\r\n\(message)" }.joined())
            #expect(accepted.contains("m2 OK [APPENDUID"))
            #expect(try store.open("INBOX").messages.count == 4)
            await client.close()
        }
    }

    @Test("Dovecot's mail_max_userip_connections: past the limit a login is refused, and leaving frees a place")
    func sessionsPerUserAndAddress() async throws {
        var settings = IMAPSettings(greeting: "test ready.", failedLoginDelay: .zero)
        settings.sessionsPerUserAndAddress = 2
        try await withIMAPServer(settings: settings) { port, _, _ in
            let first = try await TestClient.loggedIn(port: port)
            let second = try await TestClient.loggedIn(port: port)
            let third = try await TestClient.connect(port: port)
            _ = try await third.read(until: "\r\n")
            #expect(try await third.imap("t1 LOGIN xiong@example.test pw").contains("t1 NO [UNAVAILABLE]"))
            _ = try await first.imap("f1 LOGOUT")
            await first.close()
            var loggedIn = false
            for attempt in 0..<50 where !loggedIn {
                loggedIn = try await third.imap("t\(attempt + 2) LOGIN xiong@example.test pw").contains(" OK ")
                if !loggedIn { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(loggedIn)
            await second.close()
            await third.close()
        }
    }
}

extension ClosedRange where Bound == Int {
    /// `transform` of each element in order, awaiting each before the next.
    func asyncMap<T>(_ transform: (Int) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
