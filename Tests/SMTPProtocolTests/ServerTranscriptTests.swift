import MailCore
import NIOCore
import Testing

@testable import SMTPProtocol

private let foo = SMTPServerConfiguration(hostname: "foo.com")

@Suite("SMTPServerMachine RFC transcripts")
struct ServerTranscriptTests {
    @Test("RFC 5321 D.1 typical transaction")
    func typicalTransaction() {
        var d = TestDriver(foo)
        #expect(d.greeting == SMTPReply(.serviceReady, nil, "foo.com ESMTP"))
        let ehlo = d.send("EHLO bar.com")
        #expect(ehlo.count == 1 && ehlo[0].code == .ok && ehlo[0].lines.first == "foo.com")
        #expect(d.send("MAIL FROM:<Smith@bar.com>").codes == ["250 2.1.0"])
        #expect(d.send("RCPT TO:<Jones@foo.com>").codes == ["250 2.1.5"])
        #expect(d.send("RCPT TO:<unknown@foo.com>").codes == ["550 5.1.1"])
        #expect(d.send("RCPT TO:<Brown@foo.com>").codes == ["250 2.1.5"])
        #expect(d.send("DATA").codes == ["354"])
        #expect(d.sendData("Blah blah blah...\r\n...etc. etc. etc.\r\n.\r\n") == [SMTPReply(.ok, .success, "Ok: queued as ABC123")])
        #expect(d.body == "Blah blah blah...\r\n..etc. etc. etc.\r\n")
        #expect(d.envelope?.reversePath == .mailbox(EmailAddress("Smith@bar.com")!))
        #expect(d.envelope?.recipients.map(\.path.description) == ["<Jones@foo.com>", "<Brown@foo.com>"])
        #expect(d.envelope?.heloName == .domain("bar.com"))
        #expect(d.envelope?.receivedProtocol == "ESMTP")
        #expect(d.send("QUIT").codes == ["221 2.0.0"])
        #expect(d.closed)
    }

    @Test("RFC 5321 D.4 verifying and sending (VRFY answers 252, §3.5.3)")
    func verifyingAndSending() {
        var d = TestDriver(foo)
        _ = d.take()
        d.send("EHLO bar.com")
        #expect(d.send("VRFY Crispin").codes == ["252 2.0.0"])
        #expect(d.send("MAIL FROM:<EMBS@Elsewhere.com>").codes == ["250 2.1.0"])
        #expect(d.send("RCPT TO:<Admin.MRC@foo.com>").codes == ["250 2.1.5"])
        #expect(d.send("DATA").codes == ["354"])
        #expect(d.sendData("Blah blah blah...\r\n.\r\n").codes == ["250 2.0.0"])
        #expect(d.send("QUIT").codes == ["221 2.0.0"])
    }

    @Test("RFC 2033 §4.2 LMTP: one reply per accepted recipient")
    func lmtp() {
        var d = TestDriver(SMTPServerConfiguration(hostname: "foo.edu", mode: .lmtp))
        #expect(d.greeting == SMTPReply(.serviceReady, nil, "foo.edu LMTP"))
        #expect(d.send("EHLO foo.edu").codes == ["500 5.5.1"])
        #expect(d.send("LHLO foo.edu").first?.lines.contains("PIPELINING") == true)
        #expect(d.send("MAIL FROM:<chris@bar.com>").codes == ["250 2.1.0"])
        #expect(d.send("RCPT TO:<pat@foo.edu>").codes == ["250 2.1.5"])
        #expect(d.send("RCPT TO:<unknown@foo.edu>").codes == ["550 5.1.1"])
        #expect(d.send("RCPT TO:<green@foo.edu>").codes == ["250 2.1.5"])
        #expect(d.send("DATA").codes == ["354"])
        d.commitOutcome = .perRecipient([
            SMTPReply(.ok, .success, "<pat@foo.edu> Ok"),
            SMTPReply(.insufficientStorage, EnhancedStatusCode("4.2.2"), "<green@foo.edu> is temporarily over quota"),
        ])
        #expect(d.sendData("Blah blah blah...\r\n...etc. etc. etc.\r\n.\r\n").codes == ["250 2.0.0", "452 4.2.2"])
        #expect(d.envelope?.receivedProtocol == "LMTP")
        #expect(d.send("QUIT").codes == ["221 2.0.0"])
    }

    @Test("RFC 2033 LMTP: queued outcome repeats per recipient")
    func lmtpQueued() {
        var d = TestDriver(SMTPServerConfiguration(hostname: "foo.edu", mode: .lmtp))
        d.send("LHLO x")
        d.send("MAIL FROM:<>")
        d.send("RCPT TO:<a@foo.edu>")
        d.send("RCPT TO:<b@foo.edu>")
        d.send("DATA")
        let replies = d.sendData(".\r\n")
        #expect(replies.map(\.text) == ["<a@foo.edu> Ok: queued as ABC123", "<b@foo.edu> Ok: queued as ABC123"])
    }

    @Test("RFC 3030 §4.2 BDAT example")
    func bdat() {
        var d = TestDriver(foo)
        d.send("EHLO bar.com")
        #expect(d.send("MAIL FROM:<Sam@Random.com> BODY=BINARYMIME").codes == ["250 2.1.0"])
        #expect(d.send("RCPT TO:<Susan@Random.com>").codes == ["250 2.1.5"])
        #expect(d.send("BDAT 7").isEmpty)
        #expect(d.events.last == "begin")
        #expect(d.sendChunk("Part 1\n").codes == ["250 2.0.0"])
        #expect(d.send("BDAT 13").isEmpty)
        #expect(d.events.last == "chunk 13")
        #expect(d.sendChunk("\r\n.Part 2\r\n\r\n").codes == ["250 2.0.0"])
        #expect(d.send("BDAT 0 LAST").isEmpty)
        #expect(d.sendChunk("").codes == ["250 2.0.0"])
        #expect(d.events.last == "commit")
        #expect(d.body == "Part 1\n\r\n.Part 2\r\n\r\n")
        #expect(d.envelope?.parameters.body == .binaryMIME)
    }

    @Test("RFC 4954 §4 AUTH PLAIN with initial response")
    func authPlainInitial() {
        var d = TestDriver(SMTPServerConfiguration(hostname: "foo.com", mode: .submission,
                                                   tlsActive: true, authentication: .enabledUnderTLS,
                                                   requiresAuthentication: true))
        let ehlo = d.send("EHLO bar.com")
        #expect(ehlo.first?.lines.contains("AUTH PLAIN LOGIN") == true)
        #expect(d.send("MAIL FROM:<a@b.test>").codes == ["530 5.7.0"])
        #expect(d.send("AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=").isEmpty)
        #expect(d.events.last == "auth PLAIN dGVzdAB0ZXN0ADEyMzQ=")
        d.perform(d.machine.authenticationFinished(.succeeded(identity: "test")))
        #expect(d.take() == [SMTPReply(.authSucceeded, .authSucceeded, "Authentication successful")])
        #expect(d.send("AUTH PLAIN").codes == ["503 5.5.1"])
        #expect(d.send("MAIL FROM:<test@b.test>").codes == ["250 2.1.0"])
        d.send("RCPT TO:<x@y.test>")
        d.send("DATA")
        d.sendData(".\r\n")
        #expect(d.envelope?.authenticatedIdentity == "test")
        #expect(d.envelope?.receivedProtocol == "ESMTPSA")
    }

    @Test("after AUTH, MAIL asks the sender policy: a refusal is 553 5.7.1 and no transaction opens; <> is not asked")
    func senderOwnership() {
        var d = TestDriver(SMTPServerConfiguration(hostname: "foo.com", mode: .submission, tlsActive: true,
                                                   authentication: .enabledUnderTLS, requiresAuthentication: true))
        d.send("EHLO bar.com")
        d.send("AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=")
        d.perform(d.machine.authenticationFinished(.succeeded(identity: "test@b.test")))
        _ = d.take()
        #expect(d.send("MAIL FROM:<forged@b.test>").codes == ["553 5.7.1"])
        #expect(d.events.last == "check-sender forged@b.test test@b.test")
        #expect(d.send("RCPT TO:<x@y.test>").codes == ["503 5.5.1"], "no transaction after the refusal")
        #expect(d.send("MAIL FROM:<test@b.test>").codes == ["250 2.1.0"])
        #expect(d.send("RSET").codes == ["250 2.0.0"])
        let checks = d.events.count
        #expect(d.send("MAIL FROM:<>").codes == ["250 2.1.0"])
        #expect(d.events.count == checks, "the null sender needs no owner")
    }

    @Test("RFC 4954 §4 AUTH with challenges, cancellation and failure")
    func authChallenges() {
        var d = TestDriver(SMTPServerConfiguration(hostname: "foo.com", authentication: .enabled))
        d.send("EHLO bar.com")
        d.send("AUTH LOGIN")
        d.perform(d.machine.authenticationChallenge("VXNlcm5hbWU6"))
        #expect(d.take() == [SMTPReply(.authContinue, nil, "VXNlcm5hbWU6")])
        #expect(d.take().isEmpty)
        d.send("dGVzdA==")
        #expect(d.events.last == "auth-line dGVzdA==")
        d.perform(d.machine.authenticationFinished(.invalidCredentials))
        #expect(d.take().codes == ["535 5.7.8"])
        d.send("AUTH PLAIN")
        d.send("*")
        d.perform(d.machine.authenticationFinished(.cancelled))
        #expect(d.take().codes == ["501 5.7.0"])
        d.send("AUTH PLAIN")
        d.perform(d.machine.lineTooLong())
        #expect(d.take().codes == ["500 5.5.6"])
        #expect(d.events.last == "auth-cancel")
        d.send("AUTH PLAIN")
        d.perform(d.machine.authenticationFinished(.malformedResponse))
        #expect(d.take().codes == ["501 5.5.2"])
        d.send("AUTH PLAIN")
        d.perform(d.machine.authenticationFinished(.temporaryFailure))
        #expect(d.take().codes == ["454 4.7.0"])
        #expect(d.send("AUTH CRAM-MD5").codes == ["504 5.5.4"])
    }

    @Test("RFC 3207 §4.2 STARTTLS forgets the session")
    func startTLS() {
        var d = TestDriver(SMTPServerConfiguration(hostname: "foo.com", offersSTARTTLS: true, requiresTLS: true,
                                                   authentication: .enabledUnderTLS))
        let before = d.send("EHLO bar.com")[0].lines
        #expect(before.contains("STARTTLS") && !before.contains { $0.hasPrefix("AUTH") })
        #expect(d.send("MAIL FROM:<a@b.test>").codes == ["530 5.7.0"])
        #expect(d.send("AUTH PLAIN").codes == ["530 5.7.0"])
        #expect(d.send("STARTTLS") == [SMTPReply(.serviceReady, .success, "Ready to start TLS")])
        #expect(d.events.last == "startTLS")
        #expect(d.machine.tlsEstablished() == .nothing)
        #expect(d.send("AUTH PLAIN").codes == ["503 5.5.1"])  // EHLO forgotten
        let after = d.send("EHLO bar.com")[0].lines
        #expect(!after.contains("STARTTLS") && after.contains("AUTH PLAIN LOGIN"))
        #expect(d.send("STARTTLS").codes == ["554 5.5.1"])
        #expect(d.send("MAIL FROM:<a@b.test>").codes == ["250 2.1.0"])
    }
}
