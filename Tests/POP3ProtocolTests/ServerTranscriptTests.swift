import Testing

@testable import POP3Protocol

@Suite("POP3ServerMachine RFC transcripts")
struct ServerTranscriptTests {
    @Test("RFC 1939 §10 example session (USER/PASS instead of APOP)")
    func exampleSession() {
        var d = TestDriver()
        #expect(d.greeting == "+OK mailroom ready.\r\n")
        #expect(d.send("USER mrose") == "+OK\r\n")
        #expect(d.send("PASS secret") == "+OK Logged in.\r\n")
        let one = TestDriver.crlfSize(TestDriver.rfcMaildrop[0].text)
        let two = TestDriver.crlfSize(TestDriver.rfcMaildrop[1].text)
        #expect(d.send("STAT") == "+OK 2 \(one + two)\r\n")
        #expect(d.send("LIST") == "+OK 2 messages (\(one + two) octets)\r\n1 \(one)\r\n2 \(two)\r\n.\r\n")
        #expect(d.send("RETR 1") == "+OK \(one) octets\r\nSubject: one\r\n\r\nHello\r\n..dot line\r\nbye\r\n.\r\n")
        #expect(d.send("DELE 1") == "+OK message 1 deleted\r\n")
        #expect(d.send("RETR 2") == "+OK \(two) octets\r\n\(TestDriver.rfcMaildrop[1].text).\r\n")
        #expect(d.send("DELE 2") == "+OK message 2 deleted\r\n")
        #expect(d.send("QUIT") == "+OK Logging out, messages deleted.\r\n")
        #expect(d.closed)
        #expect(d.removed == ["m1", "m2"])
    }

    @Test("sizes that add up past Int.max (a user's own Maildir names) give a capped total, never a trap")
    func hugeSizes() {
        var d = TestDriver()
        let huge = MaildropListing(messages: [
            MaildropListing.Message(id: "a", size: Int.max / 2 + 1, uniqueID: "a")!,
            MaildropListing.Message(id: "b", size: Int.max / 2 + 1, uniqueID: "b")!,
        ])
        d.login = { _, _ in .succeeded(maildrop: huge) }
        d.logIn()
        #expect(d.send("STAT") == "+OK 2 \(Int.max)\r\n")
    }

    @Test("RFC 1939 §5 STAT, LIST and §7 UIDL skip deleted messages")
    func listingsWithDeletions() {
        var d = TestDriver()
        d.logIn()
        let two = TestDriver.crlfSize(TestDriver.rfcMaildrop[1].text)
        #expect(d.send("DELE 1") == "+OK message 1 deleted\r\n")
        #expect(d.send("STAT") == "+OK 1 \(two)\r\n")
        #expect(d.send("LIST") == "+OK 1 messages (\(two) octets)\r\n2 \(two)\r\n.\r\n")
        #expect(d.send("LIST 2") == "+OK 2 \(two)\r\n")
        #expect(d.send("LIST 1") == "-ERR no such message\r\n")
        #expect(d.send("LIST 3") == "-ERR no such message, only 2 messages in maildrop\r\n")
        #expect(d.send("LIST 0") == "-ERR no such message, only 2 messages in maildrop\r\n")
        #expect(d.send("UIDL") == "+OK\r\n2 QhdPYR:00WBw1Ph7x7\r\n.\r\n")
        #expect(d.send("UIDL 2") == "+OK 2 QhdPYR:00WBw1Ph7x7\r\n")
        #expect(d.send("UIDL 1") == "-ERR no such message\r\n")
        #expect(d.send("RETR 1") == "-ERR no such message\r\n")
        #expect(d.send("TOP 1 0") == "-ERR no such message\r\n")
        #expect(d.send("DELE 1") == "-ERR message 1 already deleted\r\n")
        #expect(d.send("DELE 9") == "-ERR no such message, only 2 messages in maildrop\r\n")
    }

    @Test("RFC 1939 §5 RSET unmarks every deletion; QUIT then deletes nothing")
    func reset() {
        var d = TestDriver()
        d.logIn()
        d.send("DELE 1")
        d.send("DELE 2")
        #expect(d.send("STAT") == "+OK 0 0\r\n")
        let total = TestDriver.rfcMaildrop.map { TestDriver.crlfSize($0.text) }.reduce(0, +)
        #expect(d.send("RSET") == "+OK maildrop has 2 messages (\(total) octets)\r\n")
        #expect(d.send("UIDL") == "+OK\r\n1 whqtswO00WBw418f9t5JxYwZ\r\n2 QhdPYR:00WBw1Ph7x7\r\n.\r\n")
        #expect(d.send("NOOP") == "+OK\r\n")
        #expect(d.send("QUIT") == "+OK Logging out.\r\n")
        #expect(d.closed && d.removed.isEmpty)
        #expect(d.actions.allSatisfy { !$0.appliesDeletions })
    }

    @Test("RFC 1939 §7 TOP with 0 and n lines, dot-stuffed")
    func top() {
        var d = TestDriver()
        d.logIn()
        #expect(d.send("TOP 1 0") == "+OK\r\nSubject: one\r\n\r\n.\r\n")
        #expect(d.send("TOP 1 2") == "+OK\r\nSubject: one\r\n\r\nHello\r\n..dot line\r\n.\r\n")
        #expect(d.send("TOP 2 1") == "+OK\r\nSubject: two\r\nX: y\r\n\r\nline 1\r\n.\r\n")
        #expect(d.actions.contains(.sendMessage(.ok(""), id: "m2", topLines: 1)))
    }

    @Test("RETR streams identically whatever the chunk size")
    func retrieveChunkSizes() {
        for size in 1...40 {
            var d = TestDriver()
            d.chunkSize = size
            d.logIn()
            #expect(d.send("RETR 1").hasSuffix("\r\nSubject: one\r\n\r\nHello\r\n..dot line\r\nbye\r\n.\r\n"))
        }
    }

    @Test("RFC 2449 §5 CAPA before and after login, plaintext allowed")
    func capabilities() {
        var d = TestDriver(POP3ServerConfiguration(offersSTLS: true, allowsPlaintextWithoutTLS: true))
        let expected = "+OK Capability list follows\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\n"
            + "USER\r\nSASL PLAIN\r\nSTLS\r\nIMPLEMENTATION mailroom\r\n.\r\n"
        #expect(d.send("CAPA") == expected)
        d.logIn()
        #expect(d.send("capa") == expected)
    }

    @Test("RFC 2595 §4 plaintext refused before STLS, allowed after; USER forgotten; CAPA follows")
    func plaintextBeforeSTLS() {
        var d = TestDriver(POP3ServerConfiguration(offersSTLS: true))
        #expect(d.send("CAPA") == "+OK Capability list follows\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\n"
            + "PIPELINING\r\nSTLS\r\nIMPLEMENTATION mailroom\r\n.\r\n")
        let refusal = "-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.\r\n"
        #expect(d.send("USER mrose") == refusal)
        #expect(d.send("PASS secret") == refusal)
        #expect(d.send("AUTH PLAIN AG1yb3NlAHNlY3JldA==") == refusal)
        #expect(d.send("AUTH") == "+OK\r\n.\r\n")
        #expect(d.send("STLS") == "+OK Begin TLS negotiation now.\r\n")
        #expect(d.actions.last == .startTLS(.ok("Begin TLS negotiation now.")))
        d.perform(d.machine.tlsEstablished())
        #expect(d.send("CAPA") == "+OK Capability list follows\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\n"
            + "PIPELINING\r\nUSER\r\nSASL PLAIN\r\nIMPLEMENTATION mailroom\r\n.\r\n")
        #expect(d.send("STLS") == "-ERR TLS is already active.\r\n")
        #expect(d.send("PASS secret") == "-ERR No username given.\r\n")
        d.logIn()
        #expect(d.send("STAT").hasPrefix("+OK 2 "))
    }

    @Test("RFC 2595 §4 the USER name given before STLS is forgotten")
    func userForgottenAfterSTLS() {
        var d = TestDriver(POP3ServerConfiguration(offersSTLS: true, allowsPlaintextWithoutTLS: true))
        #expect(d.send("USER mrose") == "+OK\r\n")
        d.send("STLS")
        d.perform(d.machine.tlsEstablished())
        #expect(d.send("PASS secret") == "-ERR No username given.\r\n")
    }

    @Test("pop3s: TLS from the start, no STLS offered")
    func implicitTLS() {
        var d = TestDriver(POP3ServerConfiguration(offersSTLS: false, tlsActive: true))
        #expect(!d.send("CAPA").contains("STLS"))
        #expect(d.send("STLS") == "-ERR TLS support isn't enabled.\r\n")
        d.logIn()
        #expect(d.send("NOOP") == "+OK\r\n")
    }

    @Test("RFC 5034 §4 AUTH PLAIN without an initial response: challenge, response, login")
    func authPlain() {
        var d = TestDriver()
        #expect(d.machine.maximumLineLength == POP3Limits.commandLineLength)
        #expect(d.send("AUTH") == "+OK\r\nPLAIN\r\n.\r\n")
        d.send("AUTH plain")
        #expect(d.actions.last == .startAuthentication(mechanism: "PLAIN", initialResponse: nil))
        #expect(d.machine.maximumLineLength == POP3Limits.authenticationLineLength)
        d.perform(d.machine.authenticationChallenge(""))
        #expect(d.take() == "+ \r\n")
        d.send("AG1yb3NlAHNlY3JldA==")
        #expect(d.actions.last == .continueAuthentication("AG1yb3NlAHNlY3JldA=="))
        let listing = MaildropListing(messages: [])
        d.perform(d.machine.authenticationFinished(.login(.succeeded(maildrop: listing))))
        #expect(d.take() == "+OK Logged in.\r\n")
        #expect(d.send("STAT") == "+OK 0 0\r\n")
        #expect(d.send("LIST") == "+OK 0 messages (0 octets)\r\n.\r\n")
        #expect(d.send("RETR 1") == "-ERR no such message, only 0 messages in maildrop\r\n")
        #expect(d.send("AUTH PLAIN") == "-ERR Unknown command.\r\n")
    }

    @Test("RFC 5034 §4 AUTH with initial response; failure, cancel, unknown mechanism")
    func authOutcomes() {
        var d = TestDriver()
        d.send("AUTH PLAIN AG1yb3NlAHdyb25n")
        #expect(d.actions.last == .startAuthentication(mechanism: "PLAIN", initialResponse: "AG1yb3NlAHdyb25n"))
        d.perform(d.machine.authenticationFinished(.login(.invalidCredentials)))
        #expect(d.take() == "-ERR [AUTH] Authentication failed.\r\n")
        d.send("AUTH PLAIN")
        d.perform(d.machine.authenticationFinished(.cancelled))
        #expect(d.take() == "-ERR Authentication aborted by client.\r\n")
        d.send("AUTH PLAIN")
        d.perform(d.machine.authenticationFinished(.malformedResponse))
        #expect(d.take().hasPrefix("-ERR "))
        #expect(d.send("AUTH CRAM-MD5") == "-ERR Unsupported authentication mechanism.\r\n")
        d.send("AUTH PLAIN")
        #expect(d.machine.lineTooLong() == .cancelAuthentication(.error("Input line too long.")))
        #expect(d.send("USER mrose") == "+OK\r\n")
    }

    @Test("RFC 3206 / RFC 2449 §8 login failures carry their response codes; the session continues")
    func loginFailures() {
        let cases: [(POP3ServerMachine.LoginResult, String)] = [
            (.invalidCredentials, "-ERR [AUTH] Authentication failed.\r\n"),
            (.inUse, "-ERR [IN-USE] Mailbox is locked by another POP3 session.\r\n"),
            (.loginDelay, "-ERR [LOGIN-DELAY] Logged in too recently, try again later.\r\n"),
            (.temporaryFailure, "-ERR [SYS/TEMP] Temporary failure, try again later.\r\n"),
            (.permanentFailure, "-ERR [SYS/PERM] Mailbox unavailable, contact the postmaster.\r\n"),
        ]
        for (result, expected) in cases {
            var d = TestDriver()
            d.login = { _, _ in result }
            d.send("USER mrose")
            #expect(d.send("PASS secret") == expected)
            #expect(d.actions.contains(.verifyLogin(user: "mrose", password: "secret")))
            #expect(d.send("PASS secret") == "-ERR No username given.\r\n")
            #expect(!d.closed)
        }
    }

    @Test("PASS takes the rest of the line, spaces included")
    func passwordWithSpaces() {
        var d = TestDriver()
        d.send("USER mrose")
        d.send("PASS  correct horse ")
        #expect(d.actions.contains(.verifyLogin(user: "mrose", password: " correct horse ")))
    }

    @Test("RFC 1939 §6 a failed UPDATE answers -ERR [SYS/TEMP] and closes")
    func updateFailure() {
        var d = TestDriver()
        d.updateOutcome = .failed
        d.logIn()
        d.send("DELE 2")
        #expect(d.send("QUIT") == "-ERR [SYS/TEMP] Some deleted messages not removed.\r\n")
        #expect(d.closed && d.actions.contains(.applyDeletions(["m2"])))
    }
}
