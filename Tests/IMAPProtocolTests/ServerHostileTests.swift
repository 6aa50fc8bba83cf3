import Testing

@testable import IMAPProtocol

/// A hostile or broken client against `IMAPServerMachine`: wrong states, floods of errors, DONE and
/// commands where they do not belong. Nothing may trap; every error is answered and counted.
@Suite("IMAPServerMachine hostile peers")
struct ServerHostileTests {
    @Test("Too many BAD commands: the tenth is answered, then * BYE and the connection closes")
    func badCommandLimit() {
        var d = SessionDriver()
        for index in 1..<10 {
            #expect(d.send("x\(index) FROB") == "x\(index) BAD Unknown command\r\n")
        }
        #expect(d.send("x10 FROB") == "x10 BAD Unknown command\r\n* BYE Too many invalid commands\r\n")
        #expect(d.closed)
        #expect(d.machine.isClosed)
    }

    @Test("Password guessing: the third wrong login is answered, then * BYE; STARTTLS does not reset the count")
    func loginFailureLimit() {
        var d = SessionDriver(IMAPServerConfiguration(offersSTARTTLS: true, allowsPlaintextWithoutTLS: true))
        #expect(d.send("a LOGIN fred guess1") == "a NO [AUTHENTICATIONFAILED] Authentication failed\r\n")
        d.send("t STARTTLS")
        // "\0fred\0guess2"
        #expect(d.send("b AUTHENTICATE PLAIN AGZyZWQAZ3Vlc3My") == "b NO [AUTHENTICATIONFAILED] Authentication failed\r\n")
        #expect(d.send("c LOGIN fred guess3") == "c NO [AUTHENTICATIONFAILED] Authentication failed\r\n* BYE Too many failed logins\r\n")
        #expect(d.closed)
        #expect(d.logins.count == 3)
    }

    @Test("A flood of errors in one read: exactly the limit answered, the rest ignored")
    func errorFlood() {
        var d = SessionDriver(IMAPServerConfiguration(allowsPlaintextWithoutTLS: true, badCommandLimit: 3))
        let output = d.feed(String(repeating: "a FETCH 1 FLAGS\r\n+\r\n", count: 10_000))
        #expect(output == "a BAD Command not valid before login\r\n* BAD Missing or invalid tag\r\n"
            + "a BAD Command not valid before login\r\n* BYE Too many invalid commands\r\n")
        #expect(d.machine.receive(.command(TaggedCommand(tag: "b", command: .noop))) == .nothing)
    }

    @Test("Commands in the wrong state count toward the limit in every state")
    func wrongStateErrorsCount() {
        var d = SessionDriver(IMAPServerConfiguration(allowsPlaintextWithoutTLS: true, badCommandLimit: 4))
        d.send("a FETCH 1 FLAGS")
        d.logIn()
        d.send("b LOGIN fred secret")
        d.send("c EXPUNGE")
        #expect(d.send("d STARTTLS") == "d BAD Already authenticated\r\n* BYE Too many invalid commands\r\n")
    }

    @Test("RFC 2177 §3: DONE outside IDLE is not a command (BAD, counted)")
    func doneOutsideIdle() {
        var d = SessionDriver()
        #expect(d.send("DONE") == "* BAD Missing or invalid tag\r\n")
        d.selectInbox()
        #expect(d.send("DONE") == "* BAD Missing or invalid tag\r\n")
        #expect(d.machine.session.badCommands == 2)
        // A stray idleDone part (a driver that set the mode wrongly) is answered too.
        #expect(d.machine.receive(.idleDone) == .send([.untagged(.condition(.bad, code: nil, text: "DONE outside IDLE"))]))
    }

    @Test("RFC 2177 §3: a command during IDLE ends the IDLE with BAD and is not carried out")
    func commandDuringIdle() {
        var d = SessionDriver()
        d.selectInbox()
        #expect(d.send("i IDLE") == "+ idling\r\n")
        #expect(d.send("f FETCH 1 FLAGS") == "i BAD Expected DONE\r\n")
        #expect(!d.idling)
        #expect(d.requests.isEmpty)
        #expect(d.send("n NOOP") == "n OK NOOP completed\r\n")
        // A driver that forgot expectIdleDone(): the parser hands over a command; both get BAD.
        var machine = IMAPServerMachine(configuration: IMAPServerConfiguration(allowsPlaintextWithoutTLS: true))
        _ = machine.connectionOpened()
        _ = machine.receive(.command(TaggedCommand(tag: "l", command: .login(username: "u", password: "p"))))
        _ = machine.loginFinished(.succeeded)
        #expect(machine.receive(.command(TaggedCommand(tag: "i", command: .idle))) == .startIdling([.continuation(.text("idling"))]))
        #expect(machine.receive(.command(TaggedCommand(tag: "x", command: .noop))) == .stopIdling([
            .tagged(TaggedResponse(tag: "i", status: .bad, text: "Expected DONE")),
            .tagged(TaggedResponse(tag: "x", status: .bad, text: "Command sent during IDLE")),
        ]))
    }

    @Test("A command during AUTHENTICATE (the parser's mode not set) ends the exchange; both get BAD")
    func commandDuringAuthenticate() {
        var machine = IMAPServerMachine(configuration: IMAPServerConfiguration(allowsPlaintextWithoutTLS: true))
        _ = machine.connectionOpened()
        #expect(machine.receive(.command(TaggedCommand(tag: "a", command: .authenticate(mechanism: "PLAIN", initialResponse: nil))))
            == .challenge(.challenge("")))
        #expect(machine.receive(.command(TaggedCommand(tag: "b", command: .login(username: "u", password: "p")))) == .send([
            .tagged(TaggedResponse(tag: "a", status: .bad, text: "AUTHENTICATE interrupted")),
            .tagged(TaggedResponse(tag: "b", status: .bad, text: "Command sent during AUTHENTICATE")),
        ]))
        #expect(!machine.isAuthenticated)
    }

    @Test("APPEND before login: refused at once; its synchronizing literal is refused, its {n+} octets swallowed")
    func appendBeforeLogin() {
        var d = SessionDriver()
        #expect(d.send("a APPEND INBOX {5}") == "a BAD Command not valid before login\r\n")
        #expect(d.send("b APPEND INBOX {5+}\r\nhello") == "b BAD Command not valid before login\r\n")
        #expect(d.appendsBegun.isEmpty && d.appendSteps.isEmpty)
        #expect(d.send("c NOOP") == "c OK NOOP completed\r\n")
    }

    @Test("RFC 7889: an APPEND over APPENDLIMIT is refused with NO [TOOBIG] before its octets; the session goes on")
    func appendTooBig() {
        let limits = IMAPLimits(messageSize: 10)
        var d = SessionDriver(IMAPServerConfiguration(allowsPlaintextWithoutTLS: true, limits: limits))
        #expect(d.machine.capabilities.contains("APPENDLIMIT=10"))
        d.logIn()
        let output = d.send("a APPEND INBOX {100}")
        #expect(output.hasPrefix("a NO [TOOBIG]"))
        #expect(!d.appendSteps.contains(.finish))
        #expect(d.send("b NOOP") == "b OK NOOP completed\r\n")
        #expect(d.machine.session.badCommands == 0)
    }

    @Test("Invalid mailbox names are BAD, never passed to the driver")
    func invalidNames() {
        var d = SessionDriver()
        d.logIn()
        for line in ["a SELECT \"&Jjo\"", "b RENAME INBOX \"&-&\"", "c APPEND \"&AGE\" {1+}\r\nx"] {
            #expect(d.send(line).contains(" BAD Invalid mailbox name\r\n"))
        }
        #expect(d.requests.isEmpty && d.selects.isEmpty && d.appendsBegun.isEmpty)
    }

    @Test("Unknown SELECT parameters are BAD (RFC 4466 §2.1); CONDSTORE is accepted only when advertised")
    func selectParameters() {
        var d = SessionDriver()
        d.logIn()
        #expect(d.send("a SELECT INBOX (CONDSTORE)") == "a BAD Unknown SELECT parameter\r\n")
        var c = SessionDriver(IMAPServerConfiguration(allowsPlaintextWithoutTLS: true, additionalCapabilities: ["CONDSTORE"]))
        c.folders["INBOX"]?.highestModSequence = 715_194_045_007
        c.logIn()
        #expect(c.send("b SELECT INBOX (CONDSTORE)").contains("* OK [HIGHESTMODSEQ 715194045007] Highest\r\n"))
        #expect(c.selects.last?.parameters == [ExtensionParameter(name: "CONDSTORE")])
    }

    @Test("RFC 9051 §5.4 autologout and server shutdown: BYE, then close; a late result is ignored")
    func timeoutsAndShutdown() {
        var d = SessionDriver()
        d.perform(d.machine.timedOut())
        #expect(d.take() == "* BYE Autologout; idle for too long\r\n")
        #expect(d.closed)
        var e = SessionDriver()
        e.selectInbox()
        e.send("i IDLE")
        e.perform(e.machine.shuttingDown())
        #expect(e.take() == "* BYE [UNAVAILABLE] Server shutting down\r\n")
        var f = IMAPServerMachine(configuration: IMAPServerConfiguration(allowsPlaintextWithoutTLS: true))
        _ = f.connectionOpened()
        #expect(f.receive(.command(TaggedCommand(tag: "l", command: .login(username: "u", password: "p"))))
            == .authenticate(username: "u", password: "p"))
        #expect(f.timedOut() == .close)
        f.connectionClosed()
        #expect(f.loginFinished(.succeeded) == .nothing)
        #expect(!f.isAuthenticated)
    }

    @Test("Every pair of command words, tagged and not, in a session each: every line answered, nothing traps")
    func soup() {
        let words = ["a", "LOGIN", "SELECT", "INBOX", "FETCH", "1:*", "(FLAGS)", "UID", "STORE", "+FLAGS", "\\Seen",
                     "IDLE", "DONE", "AUTHENTICATE", "PLAIN", "*", "=", "AGZyZWQAc2VjcmV0", "{3+}\r\nabc", "\"x\"",
                     "ENABLE", "IMAP4rev2", "CLOSE", "UNSELECT", "NOOP", "APPEND", "{2}", "()", "EXAMINE", "MOVE", "LIST",
                     "\"\"", "%", "STARTTLS", "CAPABILITY", "ID", "NIL", "EXPUNGE", "SEARCH", "ALL", "$", "~{1+}\r\n\0"]
        for first in words {
          for loggedIn in [false, true] {
            var d = SessionDriver(IMAPServerConfiguration(allowsPlaintextWithoutTLS: true, badCommandLimit: 10_000,
                                                          loginFailureLimit: 10_000))
            if loggedIn { d.logIn() }
            var output = ""
            for second in words {
                output += d.send("\(first) \(second)")
                output += d.send("t \(first) \(second) \(first)")
            }
            let lines = output.split(separator: "\r\n", omittingEmptySubsequences: false).dropLast()
            #expect(!lines.isEmpty)
            // Every line is untagged, a continuation, or a tagged status: no response was cut or forged.
            for line in lines where !line.hasPrefix("* ") && !line.hasPrefix("+ ") {
                let parts = line.split(separator: " ", maxSplits: 2)
                #expect(parts.count >= 2 && ["OK", "NO", "BAD"].contains(parts[1]), "\(line)")
            }
          }
        }
    }
}
