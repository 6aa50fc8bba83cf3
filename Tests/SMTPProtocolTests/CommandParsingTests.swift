import MailCore
import NIOCore
import Testing

@testable import SMTPProtocol

private func address(_ text: String) -> EmailAddress { EmailAddress(text)! }

@Suite("SMTP command grammar (RFC 5321 §4.1.1–4.1.2)")
struct CommandParsingTests {
    @Test("valid commands", arguments: [
        ("EHLO client.example", SMTPCommand.ehlo(.domain("client.example"))),
        ("ehlo Client.Example", .ehlo(.domain("client.example"))),
        ("HELO [192.0.2.1]", .helo(.addressLiteral(IPAddress("192.0.2.1")!))),
        ("EHLO [IPv6:2001:db8::1]", .ehlo(.addressLiteral(IPAddress("2001:db8::1")!))),
        ("EHLO my_pc", .ehlo(.domain("my_pc"))),
        ("EHLO [garbage]", .ehlo(.other("[garbage]"))),
        ("LHLO foo.edu", .lhlo(.domain("foo.edu"))),
        ("DATA", .data),
        ("data ", .data),
        ("RSET", .rset),
        ("NOOP", .noop),
        ("NOOP anything at all", .noop),
        ("QUIT", .quit),
        ("VRFY Crispin", .vrfy("Crispin")),
        ("HELP", .help(nil)),
        ("HELP MAIL", .help("MAIL")),
        ("STARTTLS", .startTLS),
        ("BDAT 86", .bdat(size: 86, last: false)),
        ("BDAT 0 LAST", .bdat(size: 0, last: true)),
        ("bdat 12 last", .bdat(size: 12, last: true)),
        ("AUTH PLAIN", .auth(mechanism: "PLAIN", initialResponse: nil)),
        ("auth plain dGVzdAB0ZXN0ADEyMzQ=", .auth(mechanism: "PLAIN", initialResponse: "dGVzdAB0ZXN0ADEyMzQ=")),
        ("AUTH LOGIN =", .auth(mechanism: "LOGIN", initialResponse: "=")),
    ])
    func validCommand(_ line: String, _ expected: SMTPCommand) throws {
        #expect(try SMTPCommand(parsing: line) == expected)
    }

    @Test("MAIL FROM fixtures", arguments: [
        ("MAIL FROM:<a@b.test>", ReversePath.mailbox(address("a@b.test")), MailParameters()),
        ("mail from:<a@B.Test>", .mailbox(address("a@b.test")), MailParameters()),
        ("MAIL FROM:<>", .null, MailParameters()),
        ("MAIL FROM: <a@b.test>", .mailbox(address("a@b.test")), MailParameters()),
        ("MAIL FROM:a@b.test", .mailbox(address("a@b.test")), MailParameters()),
        ("MAIL FROM:<@relay.test,@other.test:a@b.test>", .mailbox(address("a@b.test")), MailParameters()),
        ("MAIL FROM:<\"john\"@b.test>", .mailbox(address("john@b.test")), MailParameters()),
        ("MAIL FROM:<\"a@b\"@c.test>", .mailbox(address("\"a@b\"@c.test")), MailParameters()),
        ("MAIL FROM:<a..b@docomo.ne.jp>", .mailbox(address("a..b@docomo.ne.jp")), MailParameters()),
        ("MAIL FROM:<a@[192.0.2.1]>", .mailbox(address("a@[192.0.2.1]")), MailParameters()),
        ("MAIL FROM:<a@b.test> SIZE=1000", .mailbox(address("a@b.test")), MailParameters(size: 1000)),
        ("MAIL FROM:<a@b.test> BODY=8BITMIME", .mailbox(address("a@b.test")), MailParameters(body: .eightBitMIME)),
        ("MAIL FROM:<a@b.test> body=binarymime", .mailbox(address("a@b.test")), MailParameters(body: .binaryMIME)),
        ("MAIL FROM:<a@b.test> RET=HDRS ENVID=QQ314159+2Bx", .mailbox(address("a@b.test")),
         MailParameters(dsnReturn: .headers, envelopeID: "QQ314159+x")),
        ("MAIL FROM:<a@b.test> AUTH=<>", .mailbox(address("a@b.test")), MailParameters()),
        ("MAIL FROM:<δοκιμή@παράδειγμα.δοκιμή> SMTPUTF8", .mailbox(address("δοκιμή@παράδειγμα.δοκιμή")),
         MailParameters(smtpUTF8: true)),
        ("MAIL FROM:<a@b.test>  SIZE=5  BODY=7BIT", .mailbox(address("a@b.test")),
         MailParameters(size: 5, body: .sevenBit)),
        ("MAIL FROM:<a@b.test> SIZE=99999999999999999999", .mailbox(address("a@b.test")),
         MailParameters(size: Int.max)),
    ])
    func validMail(_ line: String, _ path: ReversePath, _ parameters: MailParameters) throws {
        #expect(try SMTPCommand(parsing: line) == .mail(path, parameters))
    }

    @Test("RCPT TO fixtures", arguments: [
        ("RCPT TO:<a@b.test>", ForwardPath.mailbox(address("a@b.test")), RecipientParameters()),
        ("RCPT TO:<postmaster>", .postmaster, RecipientParameters()),
        ("rcpt to:<PostMaster>", .postmaster, RecipientParameters()),
        ("RCPT TO:<Postmaster@b.test>", .mailbox(address("Postmaster@b.test")), RecipientParameters()),
        ("RCPT TO:<a@b.test> NOTIFY=NEVER", .mailbox(address("a@b.test")), RecipientParameters(notify: .never)),
        ("RCPT TO:<a@b.test> NOTIFY=SUCCESS,DELAY", .mailbox(address("a@b.test")),
         RecipientParameters(notify: .on(success: true, failure: false, delay: true))),
        ("RCPT TO:<a@b.test> ORCPT=rfc822;a+40b.test", .mailbox(address("a@b.test")),
         RecipientParameters(originalRecipient: .init(addressType: "rfc822", address: "a@b.test"))),
    ])
    func validRcpt(_ line: String, _ path: ForwardPath, _ parameters: RecipientParameters) throws {
        #expect(try SMTPCommand(parsing: line) == .rcpt(path, parameters))
    }

    @Test("invalid lines and their replies", arguments: [
        ("", 500, "5.5.2"),
        ("FOO bar", 500, "5.5.2"),
        ("MAIL", 501, "5.5.4"),
        ("MAIL TO:<a@b.test>", 501, "5.5.4"),
        ("MAIL FROM:", 501, "5.5.4"),
        ("MAIL FROM:<a@b.test", 501, "5.1.7"),
        ("MAIL FROM:<a>", 501, "5.1.7"),
        ("MAIL FROM:<a@>", 501, "5.1.7"),
        ("MAIL FROM:<a@b..test>", 501, "5.1.7"),
        ("MAIL FROM:<\"john doe\"@b.test>", 501, "5.1.7"),
        ("MAIL FROM:<a@b.test> FOO=bar", 555, "5.5.4"),
        ("MAIL FROM:<a@b.test> SIZE=big", 501, "5.5.4"),
        ("MAIL FROM:<a@b.test> SIZE=", 501, "5.5.4"),
        ("MAIL FROM:<a@b.test> SIZE=1 SIZE=2", 501, "5.5.4"),
        ("RCPT TO:<a@b.test> NOTIFY=NEVER notify=NEVER", 501, "5.5.4"),
        ("MAIL FROM:<a@b.test> BODY=9BIT", 501, "5.5.4"),
        ("MAIL FROM:<a@b.test> ENVID=a+zz", 501, "5.5.4"),
        // RFC 3461 §4: decoded ENVID and ORCPT are printable ASCII, so no CR/LF reaches a DSN
        ("MAIL FROM:<a@b.test> ENVID=a+0D+0ABcc:x@b.test", 501, "5.5.4"),
        ("MAIL FROM:<a@b.test> ENVID=a+00", 501, "5.5.4"),
        ("MAIL FROM:<a@b.test> ENVID=caf+C3+A9", 501, "5.5.4"),
        ("RCPT TO:<a@b.test> ORCPT=rfc822;a+0D+0ABcc:x@b.test", 501, "5.5.4"),
        ("RCPT TO:<a@b.test> ORCPT=rfc822;a+0A@b.test", 501, "5.5.4"),
        ("EHLO a\rX-Injected:yes", 501, "5.5.4"),
        ("HELO a\u{7F}b", 501, "5.5.4"),
        ("RCPT TO:<\"a\rb\"@b.test>", 501, "5.1.3"),
        ("MAIL FROM:<a@b.test> SMTPUTF8=yes", 501, "5.5.4"),
        ("MAIL FROM:<a@b.test>SIZE=1", 501, "5.5.4"),
        ("RCPT TO:<>", 501, "5.1.3"),
        ("RCPT TO:", 501, "5.5.4"),
        ("RCPT TO:<a@b.test> NOTIFY=NEVER,SUCCESS", 501, "5.5.4"),
        ("RCPT TO:<a@b.test> NOTIFY=SOMETIMES", 501, "5.5.4"),
        ("RCPT TO:<a@b.test> ORCPT=rfc822", 501, "5.5.4"),
        ("RCPT TO:<a@b.test> BODY=8BITMIME", 555, "5.5.4"),
        ("EHLO", 501, "5.5.4"),
        ("DATA now", 501, "5.5.4"),
        ("QUIT now", 501, "5.5.4"),
        ("BDAT", 501, "5.5.4"),
        ("BDAT x", 501, "5.5.4"),
        ("BDAT 10 FIRST", 501, "5.5.4"),
        ("VRFY", 501, "5.5.4"),
        ("AUTH", 501, "5.5.4"),
        ("EXPN list", 502, "5.5.1"),
        ("TURN", 502, "5.5.1"),
    ])
    func invalid(_ line: String, _ code: Int, _ enhanced: String) {
        #expect {
            try SMTPCommand(parsing: line)
        } throws: { error in
            guard let error = error as? SMTPSyntaxError else { return false }
            return error.reply.code.rawValue == code && error.reply.enhancedCode?.description == enhanced
        }
    }

    @Test("binary junk never crashes the parser")
    func junk() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let prefix = ["MAIL FROM:", "RCPT TO:", "EHLO ", "BDAT ", "AUTH ", ""].randomElement(using: &generator)!
            var bytes = Array(prefix.utf8)
            for _ in 0..<Int.random(in: 0..<40, using: &generator) { bytes.append(UInt8.random(in: 0...255, using: &generator)) }
            _ = try? SMTPCommand(parsing: ByteBuffer(bytes: bytes))
        }
    }

    @Test("xtext round-trip", arguments: ["plain", "a+b=c", "ünï", "", "sp ace"])
    func xtext(_ text: String) {
        #expect(XText.decode(XText.encode(text)) == text)
    }
}
