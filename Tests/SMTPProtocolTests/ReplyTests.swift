import MailCore
import NIOCore
import Testing

@testable import SMTPProtocol

@Suite("SMTPReply encoding and parsing")
struct ReplyTests {
    @Test("single line with enhanced code")
    func singleLine() {
        #expect(SMTPReply(.ok, .success, "Ok").wireFormat == "250 2.0.0 Ok\r\n")
        #expect(SMTPReply(.serviceReady, nil, "mx.test ESMTP").wireFormat == "220 mx.test ESMTP\r\n")
        #expect(SMTPReply(.ok, nil, "").wireFormat == "250\r\n")
        #expect(SMTPReply(.ok, .success, "").wireFormat == "250 2.0.0\r\n")
    }

    @Test("RFC 4954 §4: an empty AUTH challenge keeps its space (regression: s-nail dropped the line)")
    func emptyChallenge() {
        #expect(SMTPReply(.authContinue, nil, "").wireFormat == "334 \r\n")
        #expect(SMTPReply(.authContinue, nil, "VXNlcm5hbWU6").wireFormat == "334 VXNlcm5hbWU6\r\n")
    }

    @Test("RFC 2034 §4 multi-line: enhanced code on every line")
    func multiLine() {
        let reply = SMTPReply(.mailboxUnavailable, EnhancedStatusCode(class: 5, subject: 1, detail: 1),
                              lines: ["first", "second", "third"])
        #expect(reply.wireFormat == "550-5.1.1 first\r\n550-5.1.1 second\r\n550 5.1.1 third\r\n")
    }

    @Test("CR and LF in text cannot forge reply lines")
    func sanitised() {
        #expect(SMTPReply(.ok, nil, "a\r\n250 b").wireFormat == "250 a 250 b\r\n")
        #expect(SMTPReply(.ok, nil, "a\rb\nc").wireFormat == "250 a b c\r\n")
    }

    @Test("enhanced status codes parse and print", arguments: ["2.0.0", "5.7.1", "4.5.3", "5.7.11", "2.999.999"])
    func enhancedRoundTrip(_ text: String) {
        #expect(EnhancedStatusCode(text)?.description == text)
    }

    @Test("invalid enhanced status codes", arguments: ["3.0.0", "2.0", "2.0.0.0", "22.0.0", "2.1000.0", "a.b.c", "", "2..0"])
    func enhancedInvalid(_ text: String) {
        #expect(EnhancedStatusCode(text) == nil)
    }

    @Test("reply codes reject out-of-range numbers", arguments: [0, 199, 260, 600, 1000])
    func replyCodeRange(_ value: Int) {
        #expect(ReplyCode(rawValue: value) == nil)
    }

    @Test("parser: multi-line EHLO reply without enhanced codes")
    func parseMultiLine() throws {
        var parser = SMTPReplyParser()
        #expect(try parser.parse("250-mx.test") == nil)
        #expect(try parser.parse("250-PIPELINING") == nil)
        let reply = try parser.parse("250 SIZE 1000")
        #expect(reply == SMTPReply(.ok, nil, lines: ["mx.test", "PIPELINING", "SIZE 1000"]))
    }

    @Test("parser: enhanced code is split off every line")
    func parseEnhanced() throws {
        var parser = SMTPReplyParser()
        #expect(try parser.parse("550-5.1.1 first") == nil)
        let reply = try parser.parse("550 5.1.1 second")
        #expect(reply == SMTPReply(.mailboxUnavailable, EnhancedStatusCode("5.1.1"), lines: ["first", "second"]))
    }

    @Test("parser: a code whose class does not match the reply is text")
    func parseMismatchedClass() throws {
        var parser = SMTPReplyParser()
        #expect(try parser.parse("250 5.1.1 odd") == SMTPReply(.ok, nil, "5.1.1 odd"))
        #expect(try parser.parse("221") == SMTPReply(.closing, nil, ""))
    }

    @Test("parser round-trips encoded replies")
    func parseRoundTrip() throws {
        let replies = [
            SMTPReply(.ok, .success, "Ok: queued as 1234"),
            SMTPReply(.serviceNotAvailable, .transientSecurity, lines: ["a", "b"]),
            SMTPReply(.startMailInput, nil, "End data with <CR><LF>.<CR><LF>"),
        ]
        for reply in replies {
            var parser = SMTPReplyParser()
            var result: SMTPReply?
            for line in reply.wireFormat.split(separator: "\r\n") { result = try parser.parse(String(line)) }
            #expect(result == reply)
        }
    }

    @Test("parser rejects malformed lines", arguments: ["", "25", "abc text", "250x", "199 no", "650 no"])
    func parseInvalid(_ line: String) {
        var parser = SMTPReplyParser()
        #expect(throws: SMTPReplyParser.Error.self) { try parser.parse(line) }
    }

    @Test("parser rejects a code change inside a multi-line reply")
    func parseCodeChange() throws {
        var parser = SMTPReplyParser()
        _ = try parser.parse("250-a")
        #expect(throws: SMTPReplyParser.Error.self) { try parser.parse("251 b") }
    }

    @Test("write(to:) matches wireFormat")
    func writeToBuffer() {
        var buffer = ByteBuffer()
        SMTPReply(.ok, .success, "Ok").write(to: &buffer)
        #expect(String(buffer: buffer) == "250 2.0.0 Ok\r\n")
    }
}
