import MailCore
import NIOCore
import Testing

@testable import SMTPProtocol

private func driver(_ configure: (inout SMTPServerConfiguration) -> Void = { _ in }) -> TestDriver {
    var configuration = SMTPServerConfiguration(hostname: "mx.test")
    configure(&configuration)
    var d = TestDriver(configuration)
    _ = d.take()
    return d
}

@Suite("SMTPServerMachine error replies")
struct ServerErrorTests {
    @Test("sequence errors", arguments: [
        (["RCPT TO:<a@b.test>"], "503 5.5.1"),
        (["DATA"], "503 5.5.1"),
        (["MAIL FROM:<a@b.test>", "DATA"], "503 5.5.1"),
        (["MAIL FROM:<a@b.test>", "RCPT TO:<unknown@b.test>", "DATA"], "554 5.5.1"),
        (["MAIL FROM:<a@b.test>", "MAIL FROM:<a@b.test>"], "503 5.5.1"),
        (["MAIL FROM:<a@b.test> BODY=BINARYMIME", "RCPT TO:<c@d.test>", "DATA"], "503 5.5.1"),
        (["AUTH PLAIN"], "503 5.5.1"),
        (["STARTTLS"], "502 5.5.1"),
        (["LHLO x"], "500 5.5.2"),
        (["BOGUS"], "500 5.5.2"),
        (["MAIL FROM:<a@b.test> SIZE=20000000"], "552 5.3.4"),
        (["MAIL FROM:<a@b.test> X-UNKNOWN=1"], "555 5.5.4"),
        (["MAIL FROM:<a@b.test> SIZE=x"], "501 5.5.4"),
        (["MAIL FROM:<δοκιμή@b.test>"], "553 5.6.7"),
        (["MAIL FROM:<a@b.test>", "RCPT TO:<δοκιμή@b.test>"], "553 5.6.7"),
    ])
    func sequence(_ lines: [String], _ expected: String) {
        var d = driver()
        d.send("EHLO client.test")
        var last: [SMTPReply] = []
        for line in lines { last = d.send(line) }
        #expect(last.codes == [expected])
    }

    @Test("UTF-8 addresses pass with SMTPUTF8 (RFC 6531)")
    func utf8Allowed() {
        var d = driver()
        d.send("EHLO client.test")
        #expect(d.send("MAIL FROM:<δοκιμή@παράδειγμα.δοκιμή> SMTPUTF8").codes == ["250 2.1.0"])
        #expect(d.send("RCPT TO:<δοκιμή@b.test>").codes == ["250 2.1.5"])
        d.send("DATA")
        d.sendData(".\r\n")
        #expect(d.envelope?.receivedProtocol == "UTF8SMTP")
    }

    @Test("over-long command line")
    func lineTooLong() {
        var d = driver()
        d.perform(d.machine.lineTooLong())
        #expect(d.take() == [SMTPReply(.syntaxError, .syntaxError, "Error: line too long")])
    }

    @Test("recipient limit: 452 4.5.3")
    func recipientLimit() {
        var d = driver { $0.recipientLimit = 2 }
        d.send("MAIL FROM:<a@b.test>")
        #expect(d.send("RCPT TO:<1@b.test>").codes == ["250 2.1.5"])
        #expect(d.send("RCPT TO:<2@b.test>").codes == ["250 2.1.5"])
        #expect(d.send("RCPT TO:<3@b.test>").codes == ["452 4.5.3"])
        d.send("DATA")
        d.sendData(".\r\n")
        #expect(d.envelope?.recipients.count == 2)
    }

    @Test("error limit: the next command gets 421 4.7.0 and the session closes")
    func errorLimit() {
        var d = driver { $0.errorLimit = 3 }
        for _ in 0..<3 { #expect(d.send("BOGUS").codes == ["500 5.5.2"]) }
        #expect(d.send("NOOP") == [SMTPReply(.serviceNotAvailable, .transientSecurity, "mx.test Error: too many errors")])
        #expect(d.closed && d.machine.isClosed)
    }

    @Test("message too big after DATA: 552 5.3.4 after the final dot, delivery aborted")
    func dataTooBig() {
        var d = driver { $0.maximumMessageSize = 10 }
        d.send("MAIL FROM:<a@b.test>")
        d.send("RCPT TO:<c@d.test>")
        d.send("DATA")
        #expect(d.sendData("0123456789\r\n0123456789\r\n.\r\n").codes == ["552 5.3.4"])
        #expect(d.events.last == "abort")
        #expect(d.send("NOOP").codes == ["250 2.0.0"])
        #expect(d.send("RCPT TO:<c@d.test>").codes == ["503 5.5.1"])  // transaction ended
    }

    @Test("machine counts body bytes itself when the decoder has no limit")
    func machineCountsSize() {
        var d = driver { $0.maximumMessageSize = 5 }
        d.send("MAIL FROM:<a@b.test>")
        d.send("RCPT TO:<c@d.test>")
        d.send("DATA")
        d.perform(d.machine.dataChunk(ByteBuffer(string: "0123456789\r\n")))
        d.perform(d.machine.dataEnded())
        #expect(d.take().codes == ["552 5.3.4"])
        #expect(d.body.isEmpty)
    }

    @Test("BDAT over the size limit is read, then refused and the delivery aborted")
    func bdatTooBig() {
        var d = driver { $0.maximumMessageSize = 10 }
        d.send("EHLO client.test")
        d.send("MAIL FROM:<a@b.test>")
        d.send("RCPT TO:<c@d.test>")
        d.send("BDAT 6")
        #expect(d.sendChunk("012345").codes == ["250 2.0.0"])
        #expect(d.send("BDAT 6 LAST").isEmpty)
        #expect(d.events.last == "chunk 6")
        #expect(d.sendChunk("678901").codes == ["552 5.3.4"])
        #expect(d.events.last == "abort")
        #expect(d.body == "012345")
    }

    @Test("BDAT without a transaction is read and discarded, then 503")
    func bdatWithoutMail() {
        var d = driver()
        #expect(d.send("BDAT 5 LAST").isEmpty)
        #expect(d.events.last == "chunk 5")
        #expect(d.sendChunk("hello").codes == ["503 5.5.1"])
        #expect(d.body.isEmpty)
    }

    @Test("RFC 3030 §2: DATA and RCPT after BDAT are 503; RSET aborts the open delivery")
    func bdatThenData() {
        var d = driver()
        d.send("MAIL FROM:<a@b.test>")
        d.send("RCPT TO:<c@d.test>")
        d.send("BDAT 3")
        d.sendChunk("abc")
        #expect(d.send("DATA").codes == ["503 5.5.1"])
        #expect(d.send("RCPT TO:<e@d.test>").codes == ["503 5.5.1"])
        #expect(d.send("RSET").codes == ["250 2.0.0"])
        #expect(d.events.last == "abort")
    }

    @Test("AUTH before TLS under enabledUnderTLS: 538 5.7.11")
    func authNeedsTLS() {
        var d = driver { $0.authentication = .enabledUnderTLS; $0.offersSTARTTLS = true }
        d.send("EHLO client.test")
        #expect(d.send("AUTH PLAIN").codes == ["538 5.7.11"])
        #expect(d.send("HELO client.test").codes == ["250"])
        d.send("MAIL FROM:<a@b.test>")
        #expect(d.send("STARTTLS").codes == ["503 5.5.1"])
    }

    @Test("AUTH needs EHLO, not during a transaction")
    func authSequence() {
        var d = driver { $0.authentication = .enabled }
        #expect(d.send("AUTH PLAIN").codes == ["503 5.5.1"])
        d.send("EHLO client.test")
        d.send("MAIL FROM:<a@b.test>")
        #expect(d.send("AUTH PLAIN").codes == ["503 5.5.1"])
    }

    @Test("timeout: 421 4.4.2, aborting an open delivery")
    func timeout() {
        var d = driver()
        d.send("MAIL FROM:<a@b.test>")
        d.send("RCPT TO:<c@d.test>")
        d.send("DATA")
        d.perform(d.machine.timedOut())
        #expect(d.take().codes == ["421 4.4.2"])
        #expect(d.closed && d.events.last == "abort")
    }

    @Test("commit failure is passed through")
    func commitFailure() {
        var d = driver()
        d.commitOutcome = .failed(SMTPReply(.localError, EnhancedStatusCode("4.3.0"), "Error: queue file write error"))
        d.send("MAIL FROM:<a@b.test>")
        d.send("RCPT TO:<c@d.test>")
        d.send("DATA")
        #expect(d.sendData("x\r\n.\r\n").codes == ["451 4.3.0"])
    }

    @Test("pipelined commands get replies in order; EHLO lists extensions in a stable order")
    func pipelining() {
        var d = driver { $0.offersSTARTTLS = true; $0.authentication = .enabled }
        let ehlo = d.send("EHLO client.test")[0]
        #expect(ehlo.lines == ["mx.test", "PIPELINING", "SIZE 10240000", "STARTTLS", "AUTH PLAIN LOGIN",
                               "ENHANCEDSTATUSCODES", "8BITMIME", "DSN", "SMTPUTF8", "CHUNKING"])
        var replies: [SMTPReply] = []
        for line in ["MAIL FROM:<a@b.test>", "RCPT TO:<c@d.test>", "RCPT TO:<unknown@d.test>", "RCPT TO:<e@d.test>", "DATA"] {
            replies += d.send(line)
        }
        #expect(replies.codes == ["250 2.1.0", "250 2.1.5", "550 5.1.1", "250 2.1.5", "354"])
    }

    @Test("HELO replies without extensions; RSET and NOOP keep working")
    func heloAndReset() {
        var d = driver()
        #expect(d.send("HELO client.test") == [SMTPReply(.ok, nil, "mx.test")])
        d.send("MAIL FROM:<a@b.test>")
        #expect(d.send("RSET").codes == ["250 2.0.0"])
        #expect(d.send("RCPT TO:<c@d.test>").codes == ["503 5.5.1"])
        #expect(d.send("HELP").codes == ["214 2.0.0"])
        d.send("MAIL FROM:<a@b.test>")
        d.send("RCPT TO:<c@d.test>")
        d.send("DATA")
        d.sendData(".\r\n")
        #expect(d.envelope?.receivedProtocol == "SMTP")
    }
}
