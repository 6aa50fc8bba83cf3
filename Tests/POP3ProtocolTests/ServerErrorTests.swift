import NIOCore
import Testing

@testable import POP3Protocol

@Suite("POP3ServerMachine bad input and lost connections")
struct ServerErrorTests {
    @Test("Commands in the wrong state get -ERR and the session continues")
    func wrongState() {
        var d = TestDriver(POP3ServerConfiguration(allowsPlaintextWithoutTLS: true, errorLimit: 100))
        for command in ["STAT", "LIST", "UIDL 1", "RETR 1", "DELE 1", "TOP 1 0", "RSET", "NOOP"] {
            #expect(d.send(command) == "-ERR Not authenticated.\r\n")
        }
        d.logIn()
        for command in ["USER x", "PASS y", "STLS", "AUTH PLAIN"] {
            #expect(d.send(command) == "-ERR Unknown command.\r\n")
        }
        #expect(d.send("STAT").hasPrefix("+OK 2 "))
        #expect(!d.closed)
    }

    @Test("Unknown commands and bad arguments get -ERR with a reason")
    func badInput() {
        var d = TestDriver()
        #expect(d.send("APOP mrose c4c9334bac560ecc979e58001b3e22fb") == "-ERR Unknown command.\r\n")
        #expect(d.send("PASS secret") == "-ERR No username given.\r\n")
        d.logIn()
        #expect(d.send("RETR x") == "-ERR Invalid message number.\r\n")
        #expect(d.send("TOP 1") == "-ERR Syntax: TOP msg n\r\n")
        #expect(d.send("STAT now") == "-ERR Syntax: STAT\r\n")
        #expect(d.send("RETR 3") == "-ERR no such message, only 2 messages in maildrop\r\n")
        #expect(!d.closed)
    }

    @Test("RFC 2449 §4 an over-long line gets -ERR and the session continues")
    func overLongLine() {
        var d = TestDriver()
        d.perform(d.machine.lineTooLong())
        #expect(d.take() == "-ERR Input line too long.\r\n")
        d.logIn()
        d.perform(d.machine.lineTooLong())
        #expect(d.take() == "-ERR Input line too long.\r\n")
        #expect(d.send("NOOP") == "+OK\r\n")
    }

    @Test("Too many errors close the session without the UPDATE state")
    func errorLimit() {
        var d = TestDriver(POP3ServerConfiguration(allowsPlaintextWithoutTLS: true, errorLimit: 3))
        d.logIn()
        d.send("DELE 1")
        d.send("BOGUS")
        d.perform(d.machine.lineTooLong())
        d.send("RETR 9")
        _ = d.take()
        #expect(!d.closed)
        #expect(d.send("STAT") == "-ERR Too many errors.\r\n")
        #expect(d.closed && d.machine.isClosed)
        #expect(d.actions.allSatisfy { !$0.appliesDeletions })
    }

    @Test("At the error limit QUIT still ends the session properly")
    func quitAtLimit() {
        var d = TestDriver(POP3ServerConfiguration(allowsPlaintextWithoutTLS: true, errorLimit: 1))
        d.logIn()
        d.send("DELE 1")
        d.send("BOGUS")
        #expect(d.send("QUIT") == "+OK Logging out, messages deleted.\r\n")
        #expect(d.removed == ["m1"])
    }

    @Test("Failed logins count towards the error limit")
    func failedLoginsCount() {
        var d = TestDriver(POP3ServerConfiguration(allowsPlaintextWithoutTLS: true, errorLimit: 2))
        d.logIn("mrose", "wrong")
        d.logIn("mrose", "wrong")
        #expect(d.send("USER mrose") == "-ERR Too many errors.\r\n")
        #expect(d.closed)
    }

    @Test("RFC 1939 §6 QUIT in AUTHORIZATION closes and deletes nothing")
    func quitBeforeLogin() {
        var d = TestDriver()
        d.send("USER mrose")
        #expect(d.send("QUIT") == "+OK Logging out.\r\n")
        #expect(d.closed && d.removed.isEmpty)
        #expect(d.actions.allSatisfy { !$0.appliesDeletions })
    }

    @Test("RFC 1939 §8 a dropped connection deletes nothing: no applyDeletions without QUIT")
    func droppedConnection() {
        var d = TestDriver()
        d.logIn()
        d.send("DELE 1")
        d.send("DELE 2")
        // The peer vanishes here: the driver stops feeding the machine.
        #expect(d.actions.allSatisfy { !$0.appliesDeletions })
        #expect(d.removed.isEmpty)
    }

    @Test("RFC 1939 §3 the autologout timer closes without the UPDATE state")
    func timeout() {
        var d = TestDriver()
        d.logIn()
        d.send("DELE 1")
        d.perform(d.machine.timedOut())
        #expect(d.take() == "-ERR Disconnected for inactivity.\r\n")
        #expect(d.closed && d.removed.isEmpty)
        #expect(d.actions.allSatisfy { !$0.appliesDeletions })
    }

    @Test("A message the store cannot read: -ERR [SYS/TEMP], the session continues")
    func unreadableMessage() {
        var d = TestDriver()
        d.store["m1"] = nil
        d.logIn()
        #expect(d.send("RETR 1") == "-ERR [SYS/TEMP] Message could not be read.\r\n")
        #expect(d.send("RETR 2").hasPrefix("+OK "))
    }

    @Test("A configured greeting; a unique-id outside RFC 1939 §7 is refused by the listing")
    func greetingAndUniqueIDs() {
        let d = TestDriver(POP3ServerConfiguration(greeting: "dewey POP3 server ready"))
        #expect(d.greeting == "+OK dewey POP3 server ready\r\n")
        #expect(MaildropListing.Message(id: "a", size: 1, uniqueID: "has space") == nil)
        #expect(MaildropListing.Message(id: "a", size: 1, uniqueID: "") == nil)
        #expect(MaildropListing.Message(id: "a", size: 1, uniqueID: String(repeating: "x", count: 71)) == nil)
        #expect(MaildropListing.Message(id: "a", size: -1, uniqueID: "x") == nil)
        #expect(MaildropListing.Message(id: "a", size: 1, uniqueID: String(repeating: "~", count: 70)) != nil)
    }
}

@Suite("POP3ServerMachine under random input")
struct ServerRandomInputTests {
    /// A small deterministic generator, so a failure can be replayed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state
        }
    }

    @Test("Never a crash, never a deletion without QUIT: 200 random sessions")
    func randomSessions() {
        let words = ["USER", "PASS", "STAT", "LIST", "RETR", "DELE", "NOOP", "RSET", "TOP", "UIDL", "CAPA",
                     "STLS", "AUTH", "APOP", "XYZZY", "quit", "", "0", "1", "2", "3", "-1", "99999999999",
                     "secret", "PLAIN", "=", ".", "\u{0}", "é", "  "]
        var random = Generator(state: 1939)
        for _ in 0..<200 {
            let configuration = POP3ServerConfiguration(
                offersSTLS: Bool.random(using: &random), allowsPlaintextWithoutTLS: Bool.random(using: &random),
                errorLimit: Int.random(in: 1...20, using: &random))
            var d = TestDriver(configuration)
            var quitSent = false
            for _ in 0..<60 where !d.closed {
                if Int.random(in: 0..<25, using: &random) == 0 {
                    d.perform(d.machine.lineTooLong())
                } else {
                    let count = Int.random(in: 1...3, using: &random)
                    let line = (0..<count).map { _ in words.randomElement(using: &random)! }.joined(separator: " ")
                    quitSent = quitSent || line.uppercased().hasPrefix("QUIT")
                    d.send(line)
                }
                switch d.actions.last {
                case .startTLS: d.perform(d.machine.tlsEstablished())
                case .startAuthentication, .continueAuthentication:
                    d.perform(d.machine.authenticationFinished(.cancelled))
                default: break
                }
                _ = d.take()
            }
            #expect(quitSent || d.actions.allSatisfy { !$0.appliesDeletions })
        }
    }
}
