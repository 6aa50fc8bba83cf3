import Testing

@testable import IMAPProtocol

/// STARTTLS, LOGIN and AUTHENTICATE against `IMAPServerMachine` (RFC 9051 §6.2, SASL-IR RFC 4959,
/// PLAIN RFC 4616).
@Suite("IMAPServerMachine login")
struct ServerAuthenticationTests {
    static let plaintextOff = IMAPServerConfiguration(offersSTARTTLS: true)

    @Test("RFC 9051 §6.2.3: without TLS, LOGINDISABLED is advertised, no AUTH=, and LOGIN gets NO [PRIVACYREQUIRED]")
    func loginDisabled() {
        var d = SessionDriver(Self.plaintextOff)
        #expect(d.machine.capabilities.contains("LOGINDISABLED"))
        #expect(!d.machine.capabilities.contains { $0.hasPrefix("AUTH=") })
        #expect(d.send("a LOGIN fred secret") == "a NO [PRIVACYREQUIRED] Plaintext logins are disabled; use STARTTLS\r\n")
        #expect(d.send("b AUTHENTICATE PLAIN AGZyZWQAc2VjcmV0") == "b NO [PRIVACYREQUIRED] Plaintext logins are disabled; use STARTTLS\r\n")
        #expect(d.logins.isEmpty)
        #expect(!d.machine.isAuthenticated)
    }

    @Test("RFC 9051 §6.2.1: after STARTTLS the capabilities change, plaintext logins work, and pipelined plaintext is dropped")
    func startTLS() {
        var d = SessionDriver(Self.plaintextOff)
        #expect(d.machine.capabilities.contains("STARTTLS"))
        #expect(d.send("t STARTTLS\r\nx LOGIN fred secret") == "t OK Begin TLS negotiation now\r\n")
        #expect(d.logins.isEmpty)
        #expect(!d.machine.capabilities.contains("STARTTLS"))
        #expect(!d.machine.capabilities.contains("LOGINDISABLED"))
        #expect(d.machine.capabilities.contains("AUTH=PLAIN"))
        #expect(d.send("t2 STARTTLS") == "t2 BAD TLS is already active\r\n")
        #expect(d.send("l LOGIN fred secret").hasPrefix("l OK [CAPABILITY "))
        #expect(d.send("t3 STARTTLS") == "t3 BAD Already authenticated\r\n")
    }

    @Test("RFC 9051 §11.1: parts that reach the machine between STARTTLS and the handshake are dropped")
    func partsDuringHandshake() {
        var machine = IMAPServerMachine(configuration: Self.plaintextOff)
        _ = machine.connectionOpened()
        #expect(machine.receive(.command(TaggedCommand(tag: "t", command: .startTLS)))
            == .startTLS([.tagged(TaggedResponse(tag: "t", status: .ok, text: "Begin TLS negotiation now"))]))
        #expect(machine.receive(.command(TaggedCommand(tag: "x", command: .login(username: "u", password: "p")))) == .nothing)
        #expect(machine.tlsEstablished() == .nothing)
        #expect(!machine.isAuthenticated)
        // The autologout timer during the handshake closes without writing plaintext into it.
        var other = IMAPServerMachine(configuration: Self.plaintextOff)
        _ = other.connectionOpened()
        _ = other.receive(.command(TaggedCommand(tag: "t", command: .startTLS)))
        #expect(other.timedOut() == .close)
    }

    @Test("STARTTLS is refused when not offered, and on an implicit-TLS connection")
    func startTLSRefused() {
        var plain = SessionDriver(IMAPServerConfiguration(allowsPlaintextWithoutTLS: true))
        #expect(plain.send("t STARTTLS") == "t BAD STARTTLS is not offered\r\n")
        var implicit = SessionDriver(IMAPServerConfiguration(offersSTARTTLS: true, tlsActive: true))
        #expect(!implicit.machine.capabilities.contains("STARTTLS"))
        #expect(implicit.send("t STARTTLS") == "t BAD TLS is already active\r\n")
    }

    @Test("RFC 9051 §6.2.1: STARTTLS forgets what was learnt before it (here the bad-command count is kept)")
    func startTLSResetsState() {
        var d = SessionDriver(Self.plaintextOff)
        d.send("x FROB")
        d.send("t STARTTLS")
        #expect(d.machine.session.badCommands == 1)
        #expect(!d.machine.isAuthenticated)
        #expect(d.machine.encodingOptions == ResponseEncodingOptions())
    }

    @Test("RFC 9051 §6.2.2 AUTHENTICATE PLAIN without SASL-IR: an empty challenge, then the message")
    func plainWithoutInitialResponse() {
        var d = SessionDriver()
        #expect(d.send("a AUTHENTICATE PLAIN") == "+ \r\n")
        #expect(d.send("AGZyZWQAc2VjcmV0").hasPrefix("a OK [CAPABILITY IMAP4rev1 "))
        #expect(d.logins.map(\.username) == ["fred"])
        #expect(d.logins.map(\.password) == ["secret"])
        #expect(d.machine.isAuthenticated)
    }

    @Test("RFC 4959 §3 SASL-IR: PLAIN in one line; `=` is an empty response, which PLAIN cannot take")
    func plainWithInitialResponse() {
        var d = SessionDriver()
        // "fred\0fred\0secret": an authzid naming the user itself is fine.
        #expect(d.send("a AUTHENTICATE PLAIN ZnJlZABmcmVkAHNlY3JldA==").hasSuffix("a OK [CAPABILITY \(ServerTranscriptTests.afterLogin)] AUTHENTICATE completed\r\n"))
        var e = SessionDriver()
        #expect(e.send("b AUTHENTICATE PLAIN =") == "b NO [AUTHENTICATIONFAILED] Authentication failed\r\n")
        // "root\0fred\0secret": acting as another user is refused (RFC 4616 §2).
        #expect(e.send("c AUTHENTICATE PLAIN cm9vdABmcmVkAHNlY3JldA==") == "c NO [AUTHORIZATIONFAILED] Authorization identity refused\r\n")
        // "\0fred\0wrong"
        #expect(e.send("d AUTHENTICATE plain AGZyZWQAd3Jvbmc=") == "d NO [AUTHENTICATIONFAILED] Authentication failed\r\n")
        #expect(!e.machine.isAuthenticated)
    }

    @Test("AUTHENTICATE LOGIN: Username: and Password: challenges; with SASL-IR the user name comes first")
    func loginMechanism() {
        var d = SessionDriver()
        #expect(d.send("a AUTHENTICATE LOGIN") == "+ VXNlcm5hbWU6\r\n")
        #expect(d.send("ZnJlZA==") == "+ UGFzc3dvcmQ6\r\n")
        #expect(d.send("c2VjcmV0").hasPrefix("a OK "))
        var e = SessionDriver()
        #expect(e.send("b AUTHENTICATE LOGIN ZnJlZA==") == "+ UGFzc3dvcmQ6\r\n")
        #expect(e.send("c2VjcmV0").hasPrefix("b OK "))
        #expect(e.logins.map(\.username) == ["fred"])
    }

    @Test("RFC 9051 §6.2.2: `*` cancels with BAD; invalid base64 ends the exchange with BAD; the session goes on")
    func cancelAndGarbage() {
        var d = SessionDriver()
        #expect(d.send("a AUTHENTICATE PLAIN") == "+ \r\n")
        #expect(d.send("*") == "a BAD AUTHENTICATE cancelled\r\n")
        #expect(d.send("b AUTHENTICATE LOGIN") == "+ VXNlcm5hbWU6\r\n")
        #expect(d.send("not base64!") == "b BAD Invalid base64 in AUTHENTICATE\r\n")
        #expect(d.send("c AUTHENTICATE PLAIN") == "+ \r\n")
        #expect(d.send("c LOGIN fred secret") == "c BAD Invalid base64 in AUTHENTICATE\r\n")
        #expect(d.logins.isEmpty)
        #expect(d.send("d LOGIN fred secret").hasPrefix("d OK "))
    }

    @Test("AUTHENTICATE responses that decode to nonsense: no NUL, NUL in a LOGIN name, invalid UTF-8")
    func malformedResponses() {
        var d = SessionDriver()
        d.send("a AUTHENTICATE PLAIN")
        #expect(d.send("ZnJlZA==") == "a NO [AUTHENTICATIONFAILED] Authentication failed\r\n")
        d.send("b AUTHENTICATE LOGIN")
        #expect(d.send("AGZyZWQ=") == "b NO [AUTHENTICATIONFAILED] Authentication failed\r\n")
        // "\0\xff\0x"
        #expect(d.send("c AUTHENTICATE PLAIN AP8AeA==") == "c NO [AUTHENTICATIONFAILED] Authentication failed\r\n")
        #expect(d.send("d AUTHENTICATE GSSAPI") == "d NO Unsupported authentication mechanism\r\n")
        #expect(d.logins.isEmpty)
    }

    @Test("A failed LOGIN stays not authenticated and is not a bad command; LOGIN after login is BAD")
    func failedLogin() {
        var d = SessionDriver()
        #expect(d.send("a LOGIN fred wrong") == "a NO [AUTHENTICATIONFAILED] Authentication failed\r\n")
        #expect(d.machine.session.badCommands == 0)
        #expect(d.send("b SELECT INBOX") == "b BAD Command not valid before login\r\n")
        d.logIn()
        #expect(d.send("c LOGIN fred secret") == "c BAD Already authenticated\r\n")
        #expect(d.send("d AUTHENTICATE PLAIN") == "d BAD Already authenticated\r\n")
    }

    @Test("The driver's other login results have their RFC 5530 codes")
    func loginResults() {
        for (result, line) in [
            (IMAPServerMachine.LoginResult.authorizationFailed, "a NO [AUTHORIZATIONFAILED] Not allowed to log in\r\n"),
            (.temporaryFailure, "a NO [UNAVAILABLE] Try again later\r\n"),
        ] {
            var machine = IMAPServerMachine(configuration: IMAPServerConfiguration(allowsPlaintextWithoutTLS: true))
            _ = machine.connectionOpened()
            let action = machine.receive(.command(TaggedCommand(tag: "a", command: .login(username: "u", password: "p"))))
            #expect(action == .authenticate(username: "u", password: "p"))
            guard case .send(let responses) = machine.loginFinished(result) else {
                Issue.record("expected a response")
                continue
            }
            #expect(responses.map { wire($0) } == [line])
        }
    }

    @Test("Base64Text decodes padded base64 and refuses everything else")
    func base64() {
        #expect(Base64Text.decode("") == [])
        #expect(Base64Text.decode("AGZyZWQAc2VjcmV0") == Array("\0fred\0secret".utf8))
        #expect(Base64Text.decode("ZnJlZA==") == Array("fred".utf8))
        #expect(Base64Text.decode("ZnJlZGE=") == Array("freda".utf8))
        for bad in ["ZnJlZA", "ZnJlZA=", "Zn=lZA==", "ZnJ===", "====", "ZnJlZA==ZnJl", "Zn!l", "Zm9v\r\n"] {
            #expect(Base64Text.decode(bad) == nil, "\(bad)")
        }
    }
}
