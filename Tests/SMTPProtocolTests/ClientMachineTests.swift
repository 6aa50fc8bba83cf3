import MailCore
import SMTPProtocol
import Testing

/// The client side of an SMTP connection, driven by server replies as RFC 5321, RFC 2920
/// (PIPELINING), RFC 3207 (STARTTLS), RFC 1870 (SIZE), RFC 6531 (SMTPUTF8) and RFC 3461 (DSN)
/// have a client behave.
@Suite("SMTP client machine (RFC 5321 §3, §4.1; RFC 2920; RFC 3207)")
struct ClientMachineTests {
    typealias Action = SMTPClientMachine.Action

    static func reply(_ code: Int, _ enhanced: String? = nil, _ lines: String...) -> SMTPReply {
        SMTPReply(ReplyCode(rawValue: code)!, enhanced.flatMap { EnhancedStatusCode($0) }, lines: lines)
    }

    static let ehloAll = reply(250, nil, "mx.example.org", "PIPELINING", "SIZE 10240000", "8BITMIME", "DSN",
                               "ENHANCEDSTATUSCODES", "SMTPUTF8", "CHUNKING", "AUTH PLAIN login")
    /// Postfix before 3.0, and others: everything but CHUNKING, so the message goes by DATA.
    static let ehloWithoutChunking = reply(250, nil, "mx.example.org", "PIPELINING", "SIZE 10240000", "8BITMIME", "DSN",
                                           "ENHANCEDSTATUSCODES", "SMTPUTF8", "AUTH PLAIN login")

    static func machine(_ startTLS: SMTPClientMachine.StartTLSUse = .never) -> SMTPClientMachine {
        SMTPClientMachine(configuration: .init(heloName: "mail.example.com", startTLS: startTLS))
    }

    /// A machine past the greeting and EHLO, with `ehlo` as the server's EHLO reply.
    static func ready(_ ehlo: SMTPReply = ehloWithoutChunking) -> SMTPClientMachine {
        var client = machine()
        #expect(client.receive(reply(220, nil, "mx.example.org ESMTP")) == [.send("EHLO mail.example.com\r\n")])
        #expect(client.receive(ehlo) == [.ready(SMTPServerExtensions(ehloReply: ehlo))])
        return client
    }

    static let twoRecipients = SMTPClientTransaction(
        sender: "alice@example.com", recipients: [.init(address: "bob@example.org"), .init(address: "carol@example.org")],
        size: 1234)

    @Test("the EHLO keywords a client acts on, without case; a bare SIZE means no fixed limit")
    func extensions() {
        let parsed = SMTPServerExtensions(ehloReply: Self.ehloAll)
        #expect(parsed.pipelining && parsed.eightBitMIME && parsed.deliveryStatusNotification && parsed.smtpUTF8)
        #expect(parsed.chunking && parsed.enhancedStatusCodes && !parsed.startTLS)
        #expect(parsed.sizeLimit == 10_240_000)
        #expect(parsed.authMechanisms == ["PLAIN", "LOGIN"])
        let bare = SMTPServerExtensions(ehloReply: Self.reply(250, nil, "mx", "size", "starttls"))
        #expect(bare.sizeLimit == 0 && bare.startTLS && !bare.pipelining)
        #expect(SMTPServerExtensions(ehloReply: Self.reply(250, nil, "mx")).sizeLimit == nil)
    }

    @Test("pipelined: MAIL, both RCPTs and DATA in one write; one recipient refused, the other gets the final reply")
    func pipelinedTransaction() {
        var client = Self.ready()
        #expect(client.begin(Self.twoRecipients) == [.send(
            "MAIL FROM:<alice@example.com> SIZE=1234\r\nRCPT TO:<bob@example.org>\r\nRCPT TO:<carol@example.org>\r\nDATA\r\n")])
        #expect(client.receive(Self.reply(250, "2.1.0", "Ok")) == [])
        #expect(client.receive(Self.reply(250, "2.1.5", "Ok")) == [])
        let unknown = Self.reply(550, "5.1.1", "<carol@example.org>: Recipient address rejected")
        #expect(client.receive(unknown) == [])
        #expect(client.receive(Self.reply(354, nil, "End data with <CR><LF>.<CR><LF>")) == [.sendMessage])
        #expect(client.replyTimeout == nil, "the driver has the turn while it streams")
        #expect(client.messageSent() == [])
        #expect(client.replyTimeout == .seconds(600), "RFC 5321 §4.5.3.2.6: 10 minutes for the final reply")
        let queued = Self.reply(250, "2.0.0", "Ok: queued as 4Bx")
        #expect(client.receive(queued) == [
            .finished([.accepted(queued), .refused(unknown, .recipients)]), .ready(client.extensions),
        ])
        #expect(client.quit() == [.send("QUIT\r\n")])
        #expect(client.receive(Self.reply(221, "2.0.0", "Bye")) == [.close])
    }

    @Test("without PIPELINING one command at a time; with every RCPT refused no DATA is sent, and RSET precedes the next MAIL")
    func lockStep() {
        var client = Self.ready(Self.reply(250, nil, "mx.example.org", "SIZE"))
        #expect(client.begin(Self.twoRecipients) == [.send("MAIL FROM:<alice@example.com> SIZE=1234\r\n")])
        #expect(client.receive(Self.reply(250, nil, "ok")) == [.send("RCPT TO:<bob@example.org>\r\n")])
        #expect(client.replyTimeout == .seconds(300))
        let full = Self.reply(452, "4.2.2", "mailbox full")
        #expect(client.receive(full) == [.send("RCPT TO:<carol@example.org>\r\n")])
        let denied = Self.reply(550, nil, "no such user")
        #expect(client.receive(denied) == [
            .finished([.refused(full, .recipients), .refused(denied, .recipients)]), .ready(client.extensions),
        ])
        #expect(client.begin(Self.twoRecipients) == [.send("RSET\r\n")])
        #expect(client.receive(Self.reply(250, nil, "ok")) == [.send("MAIL FROM:<alice@example.com> SIZE=1234\r\n")])
    }

    @Test("MAIL refused: every recipient fails with its reply, no RCPT is sent (lock-step) or counted (pipelined)")
    func mailRefused() {
        var lockStep = Self.ready(Self.reply(250, nil, "mx"))
        #expect(lockStep.begin(Self.twoRecipients) == [.send("MAIL FROM:<alice@example.com>\r\n")])
        let refused = Self.reply(553, "5.7.1", "sender rejected")
        #expect(lockStep.receive(refused) == [
            .finished([.refused(refused, .mail), .refused(refused, .mail)]), .ready(lockStep.extensions),
        ])
        var pipelined = Self.ready()
        _ = pipelined.begin(Self.twoRecipients)
        #expect(pipelined.receive(refused) == [])
        #expect(pipelined.receive(Self.reply(503, "5.5.1", "need MAIL")) == [])
        #expect(pipelined.receive(Self.reply(503, "5.5.1", "need MAIL")) == [])
        #expect(pipelined.receive(Self.reply(503, "5.5.1", "need RCPT")) == [
            .finished([.refused(refused, .mail), .refused(refused, .mail)]), .ready(pipelined.extensions),
        ])
    }

    @Test("RFC 2920 §3.1: every RCPT refused but DATA answered 354: an empty message ends it, and nothing is delivered")
    func unwantedDataPhase() {
        var client = Self.ready()
        _ = client.begin(Self.twoRecipients)
        let denied = Self.reply(550, "5.1.1", "unknown")
        for answer in [Self.reply(250, nil, "ok"), denied, denied] { #expect(client.receive(answer) == []) }
        #expect(client.receive(Self.reply(354, nil, "go ahead")) == [.send(".\r\n")])
        #expect(client.receive(Self.reply(554, "5.5.1", "no valid recipients")) == [
            .finished([.refused(denied, .recipients), .refused(denied, .recipients)]), .ready(client.extensions),
        ])
        #expect(client.begin(Self.twoRecipients) == [.send("RSET\r\n")])
    }

    @Test("a refused end of message fails the recipients RCPT accepted, at the message stage")
    func refusedMessage() {
        var client = Self.ready()
        _ = client.begin(Self.twoRecipients)
        for answer in [Self.reply(250, nil, "ok"), Self.reply(250, nil, "ok"), Self.reply(250, nil, "ok")] {
            #expect(client.receive(answer) == [])
        }
        #expect(client.receive(Self.reply(354, nil, "go")) == [.sendMessage])
        _ = client.messageSent()
        let spam = Self.reply(554, "5.7.1", "spam")
        #expect(client.receive(spam) == [.finished([.refused(spam, .message), .refused(spam, .message)]), .ready(client.extensions)])
        #expect(client.begin(Self.twoRecipients).first == .send(
            "MAIL FROM:<alice@example.com> SIZE=1234\r\nRCPT TO:<bob@example.org>\r\nRCPT TO:<carol@example.org>\r\nDATA\r\n"),
                "a final reply ends the transaction: no RSET")
    }

    @Test("RFC 5321 §4.1.4: a server that does not know EHLO gets HELO, and no extension is used")
    func heloFallback() {
        var client = Self.machine()
        _ = client.receive(Self.reply(220, nil, "old.example.org"))
        #expect(client.receive(Self.reply(502, nil, "command not implemented")) == [.send("HELO mail.example.com\r\n")])
        #expect(client.receive(Self.reply(250, nil, "old.example.org")) == [.ready(SMTPServerExtensions())])
        let dsn = SMTPClientTransaction(sender: "", recipients: [.init(address: "b@example.org", notify: ["FAILURE"])],
                                        size: 10, eightBit: true, envelopeID: "id 1", returnHeadersOnly: true)
        #expect(client.begin(dsn) == [.send("MAIL FROM:<>\r\n")], "no SIZE, BODY, RET or ENVID to a HELO server")
    }

    @Test("DSN and body parameters go out when offered, ENVID and ORCPT's address as xtext (RFC 3461 §4)")
    func parameters() {
        var client = Self.ready()
        let transaction = SMTPClientTransaction(
            sender: "a@example.com",
            recipients: [.init(address: "b@example.org", notify: ["SUCCESS", "FAILURE"], originalRecipient: "rfc822;b+x=y@example.org")],
            size: 99, eightBit: true, envelopeID: "QQ 314+1", returnHeadersOnly: false)
        #expect(client.begin(transaction) == [.send(
            "MAIL FROM:<a@example.com> SIZE=99 BODY=8BITMIME RET=FULL ENVID=QQ+20314+2B1\r\n"
                + "RCPT TO:<b@example.org> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;b+2Bx+3Dy@example.org\r\nDATA\r\n")])
    }

    @Test("a message larger than the server's SIZE, or needing SMTPUTF8 it lacks, is not sent; the connection stays usable")
    func refusedBeforeSending() {
        var small = Self.ready(Self.reply(250, nil, "mx", "SIZE 1000", "PIPELINING"))
        #expect(small.begin(Self.twoRecipients) == [
            .finished(Array(repeating: .notSent(.messageTooBig, "message size 1234 exceeds size limit 1000 of server"), count: 2)),
            .ready(small.extensions),
        ])
        var ascii = Self.ready(Self.reply(250, nil, "mx", "8BITMIME"))
        var utf8 = Self.twoRecipients
        utf8.smtpUTF8 = true
        #expect(ascii.begin(utf8) == [
            .finished(Array(repeating: .notSent(.nonASCIIAddressNotPermitted, "SMTPUTF8 is required, but was not offered by host"),
                            count: 2)),
            .ready(ascii.extensions),
        ])
        var offered = Self.ready()
        #expect(offered.begin(utf8).first == .send(
            "MAIL FROM:<alice@example.com> SIZE=1234 SMTPUTF8\r\nRCPT TO:<bob@example.org>\r\nRCPT TO:<carol@example.org>\r\nDATA\r\n"))
    }

    @Test("STARTTLS when offered; after the handshake EHLO again and only the new keywords count (RFC 3207 §4.2)")
    func startTLS() {
        var client = Self.machine(.ifOffered)
        _ = client.receive(Self.reply(220, nil, "mx"))
        #expect(client.receive(Self.reply(250, nil, "mx", "STARTTLS", "PIPELINING")) == [.send("STARTTLS\r\n")])
        #expect(client.receive(Self.reply(220, "2.0.0", "Ready to start TLS")) == [.startTLS])
        #expect(client.replyTimeout == nil)
        #expect(client.tlsEstablished() == [.send("EHLO mail.example.com\r\n")])
        let second = Self.reply(250, nil, "mx", "SIZE 5000")
        #expect(client.receive(second) == [.ready(SMTPServerExtensions(ehloReply: second))])
        #expect(client.isEncrypted && !client.extensions.pipelining)
    }

    @Test("a connection lost before the 220 to STARTTLS is lost at the STARTTLS stage; after it, in the TLS handshake")
    func lostAroundStartTLS() {
        var beforeReply = Self.machine(.ifOffered)
        _ = beforeReply.receive(Self.reply(220, nil, "mx"))
        _ = beforeReply.receive(Self.reply(250, nil, "mx", "STARTTLS"))
        guard case .failed(let early)? = beforeReply.connectionLost().last else { Issue.record("not failed"); return }
        #expect(early.stage == .startTLS && early.reply == nil)
        #expect(early.reason == "lost connection with host while performing the STARTTLS handshake")

        var inHandshake = Self.machine(.ifOffered)
        _ = inHandshake.receive(Self.reply(220, nil, "mx"))
        _ = inHandshake.receive(Self.reply(250, nil, "mx", "STARTTLS"))
        #expect(inHandshake.receive(Self.reply(220, "2.0.0", "Ready to start TLS")) == [.startTLS])
        guard case .failed(let late)? = inHandshake.connectionLost().last else { Issue.record("not failed"); return }
        #expect(late.stage == .tlsHandshake && late.reply == nil)
        #expect(late.reason == "lost connection with host while performing the TLS handshake")
    }

    @Test("STARTTLS refused: plaintext under `may`, given up under a policy that requires TLS, as is a server that never offers it")
    func startTLSRefused() {
        let refusal = Self.reply(454, "4.7.0", "TLS not available")
        var may = Self.machine(.ifOffered)
        _ = may.receive(Self.reply(220, nil, "mx"))
        _ = may.receive(Self.reply(250, nil, "mx", "STARTTLS"))
        #expect(may.receive(refusal) == [.ready(SMTPServerExtensions(ehloReply: Self.reply(250, nil, "mx", "STARTTLS")))])
        #expect(!may.isEncrypted)

        var encrypt = Self.machine(.required)
        _ = encrypt.receive(Self.reply(220, nil, "mx"))
        _ = encrypt.receive(Self.reply(250, nil, "mx", "STARTTLS"))
        let actions = encrypt.receive(refusal)
        #expect(actions.first == .send("QUIT\r\n"))
        guard case .failed(let failure)? = actions.last else { Issue.record("not failed: \(actions)"); return }
        #expect(failure.stage == .startTLS && failure.status.description == "4.7.0")

        var notOffered = Self.machine(.required)
        _ = notOffered.receive(Self.reply(220, nil, "mx"))
        guard case .failed(let missing)? = notOffered.receive(Self.reply(250, nil, "mx", "PIPELINING")).last else {
            Issue.record("a server without STARTTLS was used")
            return
        }
        #expect(missing.reason == "TLS is required, but was not offered by host" && missing.status.description == "4.7.4")
    }

    @Test("a 554 greeting: QUIT and a temporary failure of this host (another MX may take the mail)")
    func refusedGreeting() {
        var client = Self.machine()
        let actions = client.receive(Self.reply(554, "5.7.1", "go away"))
        #expect(actions.first == .send("QUIT\r\n"))
        guard case .failed(let failure)? = actions.last else { Issue.record("not failed"); return }
        #expect(failure.stage == .greeting && failure.status.class == 4 && failure.reply?.code.rawValue == 554)
        #expect(failure.reason == "host refused to talk to me")
    }

    @Test("421 in the middle of RCPTs: refusals so far stay, the rest fail with the 421, and the connection is closed without QUIT")
    func closingServer() {
        var client = Self.ready(Self.reply(250, nil, "mx"))
        _ = client.begin(Self.twoRecipients)
        _ = client.receive(Self.reply(250, nil, "ok"))
        let refused = Self.reply(550, nil, "unknown")
        _ = client.receive(refused)
        let closing = Self.reply(421, "4.3.2", "shutting down")
        let actions = client.receive(closing)
        #expect(actions.first == .finished([.refused(refused, .recipients), .refused(closing, .recipients)]))
        guard case .failed(let failure)? = actions.last, actions.count == 2 else { Issue.record("\(actions)"); return }
        #expect(failure.status.description == "4.3.2")
    }

    @Test("a connection lost or timed out mid-message: the recipients not yet answered are deferred with 4.4.2 and the stage")
    func lostConnection() {
        var client = Self.ready()
        _ = client.begin(Self.twoRecipients)
        for answer in [Self.reply(250, nil, "ok"), Self.reply(250, nil, "ok"), Self.reply(550, nil, "no")] {
            _ = client.receive(answer)
        }
        #expect(client.receive(Self.reply(354, nil, "go")) == [.sendMessage])
        let actions = client.connectionLost()
        #expect(actions.first == .finished([
            .notSent(.badConnection, "lost connection with host while sending message body"),
            .refused(Self.reply(550, nil, "no"), .recipients),
        ]))
        var idle = Self.ready()
        #expect(idle.timedOut() == [.close], "an idle connection that times out is just not reused")
        var greeting = Self.machine()
        guard case .failed(let failure)? = greeting.timedOut().last else { Issue.record("no failure"); return }
        #expect(failure.reason == "conversation with host timed out while receiving the initial server greeting")
    }

    @Test("RFC 5321 §4.5.3.2: the wait for each reply")
    func timeouts() {
        var client = Self.machine()
        #expect(client.replyTimeout == .seconds(300))
        _ = client.receive(Self.reply(220, nil, "mx"))
        _ = client.receive(Self.reply(250, nil, "mx"))
        #expect(client.replyTimeout == nil, "idle")
        _ = client.begin(Self.twoRecipients)
        #expect(client.replyTimeout == .seconds(300) && client.stage == .mail)
        _ = client.receive(Self.reply(250, nil, "ok"))
        _ = client.receive(Self.reply(250, nil, "ok"))
        _ = client.receive(Self.reply(250, nil, "ok"))
        #expect(client.replyTimeout == .seconds(120) && client.stage == .data)
    }

    static let login = SASLCredentials(username: "bob", password: "pw")

    /// A machine with `credentials` past STARTTLS, whose second EHLO offers `auth`.
    static func encrypted(auth: String?) -> (SMTPClientMachine, [Action]) {
        var client = SMTPClientMachine(configuration: .init(heloName: "mail.example.com", startTLS: .ifOffered, credentials: login))
        _ = client.receive(reply(220, nil, "relay"))
        _ = client.receive(reply(250, nil, "relay", "STARTTLS"))
        _ = client.receive(reply(220, nil, "go"))
        _ = client.tlsEstablished()
        let lines = ["relay", "PIPELINING"] + (auth.map { ["AUTH " + $0] } ?? [])
        let actions = client.receive(SMTPReply(.ok, nil, lines: lines))
        return (client, actions)
    }

    @Test("RFC 4954 over TLS: AUTH PLAIN with its initial response (RFC 4616), then the transaction")
    func authPlain() {
        var (client, actions) = Self.encrypted(auth: "LOGIN PLAIN")
        #expect(actions == [.send("AUTH PLAIN AGJvYgBwdw==\r\n")])
        #expect(client.stage == .authentication)
        #expect(client.receive(Self.reply(235, "2.7.0", "Authentication successful")) == [.ready(client.extensions)])
    }

    @Test("AUTH LOGIN when PLAIN is not offered: the user name and password each after a 334")
    func authLogin() {
        var (client, actions) = Self.encrypted(auth: "LOGIN")
        #expect(actions == [.send("AUTH LOGIN\r\n")])
        #expect(client.receive(Self.reply(334, nil, "VXNlcm5hbWU6")) == [.send("Ym9i\r\n")])
        #expect(client.receive(Self.reply(334, nil, "UGFzc3dvcmQ6")) == [.send("cHc=\r\n")])
        #expect(client.receive(Self.reply(235, "2.7.0", "ok")) == [.ready(client.extensions)])
    }

    @Test("a refused login fails the connection for now (another host or a later attempt); no password without TLS; no AUTH offered, none sent")
    func authRefusedOrUnsafe() {
        var (refused, _) = Self.encrypted(auth: "PLAIN")
        let actions = refused.receive(Self.reply(535, "5.7.8", "Authentication credentials invalid"))
        #expect(actions.first == .send("QUIT\r\n"))
        guard case .failed(let failure)? = actions.last else { Issue.record("\(actions)"); return }
        #expect(failure.stage == .authentication && failure.status.description == "4.7.8")

        var plaintext = SMTPClientMachine(configuration: .init(heloName: "mail.example.com", startTLS: .ifOffered, credentials: Self.login))
        _ = plaintext.receive(Self.reply(220, nil, "relay"))
        guard case .failed(let unsafe)? = plaintext.receive(Self.reply(250, nil, "relay", "AUTH PLAIN")).last else {
            Issue.record("a password would have gone out in plaintext")
            return
        }
        #expect(unsafe.reason == "will not send a password without TLS")

        let (_, noAuth) = Self.encrypted(auth: nil)
        guard case .ready? = noAuth.first else { Issue.record("\(noAuth)"); return }
    }

    @Test("CHUNKING and 8BITMIME: MAIL and RCPTs pipelined, then one BDAT LAST chunk of the exact size, no 354 (RFC 3030 §2)")
    func chunkedTransaction() {
        var client = Self.ready(Self.ehloAll)
        #expect(client.begin(Self.twoRecipients) == [.send(
            "MAIL FROM:<alice@example.com> SIZE=1234\r\nRCPT TO:<bob@example.org>\r\nRCPT TO:<carol@example.org>\r\n")])
        #expect(client.receive(Self.reply(250, "2.1.0", "Ok")) == [])
        #expect(client.receive(Self.reply(250, "2.1.5", "Ok")) == [])
        let unknown = Self.reply(550, "5.1.1", "unknown")
        #expect(client.receive(unknown) == [.send("BDAT 1234 LAST\r\n"), .sendChunk])
        #expect(client.replyTimeout == nil)
        #expect(client.messageSent() == [])
        #expect(client.replyTimeout == .seconds(600))
        let queued = Self.reply(250, "2.0.0", "Ok: queued as 4Bx")
        #expect(client.receive(queued) == [.finished([.accepted(queued), .refused(unknown, .recipients)]), .ready(client.extensions)])
        // A refusal of the chunk refuses every accepted recipient at the message stage.
        #expect(client.begin(Self.twoRecipients).count == 1)
        _ = client.receive(Self.reply(250, "2.1.0", "Ok"))
        _ = client.receive(Self.reply(250, "2.1.5", "Ok"))
        #expect(client.receive(Self.reply(250, "2.1.5", "Ok")) == [.send("BDAT 1234 LAST\r\n"), .sendChunk])
        _ = client.messageSent()
        let refused = Self.reply(554, "5.7.1", "no")
        #expect(client.receive(refused) == [.finished([.refused(refused, .message), .refused(refused, .message)]), .ready(client.extensions)])
        #expect(client.begin(Self.twoRecipients) == [.send("RSET\r\n")], "a refused BDAT leaves the server's state unknown")
    }

    @Test("CHUNKING: no recipient accepted, no BDAT; the next transaction starts with RSET. Without 8BITMIME, DATA")
    func chunkingEdges() {
        var client = Self.ready(Self.ehloAll)
        _ = client.begin(Self.twoRecipients)
        _ = client.receive(Self.reply(250, "2.1.0", "Ok"))
        _ = client.receive(Self.reply(550, "5.1.1", "no"))
        let last = client.receive(Self.reply(550, "5.1.1", "no"))
        #expect(last.count == 2 && last.last == .ready(client.extensions))
        #expect(client.begin(Self.twoRecipients) == [.send("RSET\r\n")])
        var seven = Self.ready(Self.reply(250, nil, "mx", "PIPELINING", "CHUNKING"))
        #expect(seven.begin(Self.twoRecipients) == [.send(
            "MAIL FROM:<alice@example.com>\r\nRCPT TO:<bob@example.org>\r\nRCPT TO:<carol@example.org>\r\nDATA\r\n")])
    }
}
