import MailMessage
import NIOCore
import Testing

@testable import IMAPProtocol

/// ENVELOPE, BODY and BODYSTRUCTURE as RFC 3501 §8 and RFC 9051 §7.5.2 write them, from messages parsed
/// by MailMessage.
@Suite("FETCH ENVELOPE, BODY and BODYSTRUCTURE")
struct StructureEncodingTests {
    /// The message of the RFC 3501 §8 sample dialogue: a 3,028-octet body of 92 lines.
    static let sample: [UInt8] = {
        let header = """
            Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\r
            From: Terry Gray <gray@cac.washington.edu>\r
            Subject: IMAP4rev1 WG mtg summary and minutes\r
            To: imap@cac.washington.edu\r
            cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>\r
            Message-Id: <B27397-0100000@cac.washington.edu>\r
            MIME-Version: 1.0\r
            Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\r
            Content-Transfer-Encoding: 7BIT\r
            \r

            """
        let body = String(repeating: String(repeating: "x", count: 31) + "\r\n", count: 91) + String(repeating: "y", count: 23) + "\r\n"
        return Array((header + body).utf8)
    }()

    @Test("RFC 3501 §8: * 12 FETCH (... ENVELOPE (...) BODY (...))")
    func rfc3501Sample() {
        let message = MessageStructure(parsing: Self.sample)
        let response = wire(.untagged(.fetch(12, [.envelope(message.envelope), .bodyStructure(message.bodyStructure, extensible: false)])))
        #expect(response == """
            * 12 FETCH (ENVELOPE ("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)" "IMAP4rev1 WG mtg summary and minutes" \
            (("Terry Gray" NIL "gray" "cac.washington.edu")) (("Terry Gray" NIL "gray" "cac.washington.edu")) \
            (("Terry Gray" NIL "gray" "cac.washington.edu")) ((NIL NIL "imap" "cac.washington.edu")) \
            ((NIL NIL "minutes" "CNRI.Reston.VA.US")("John Klensin" NIL "KLENSIN" "MIT.EDU")) NIL NIL \
            "<B27397-0100000@cac.washington.edu>") BODY ("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 3028 92))\r

            """)
    }

    @Test("BODYSTRUCTURE adds the extension data: MD5, disposition, language, location")
    func extensionData() {
        let message = MessageStructure(parsing: Self.sample)
        let response = wire(.untagged(.fetch(1, [.bodyStructure(message.bodyStructure, extensible: true)])))
        #expect(response == "* 1 FETCH (BODYSTRUCTURE (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92 NIL NIL NIL NIL))\r\n")
    }

    /// Part sizes as RFC 2046 §5.1.1 cuts them: the CRLF before a delimiter belongs to the delimiter, so
    /// `hello` CRLF `--b1` is a 5-octet body of no complete line, as Dovecot counts it.
    @Test("a multipart with an attachment and a forwarded message, as Dovecot writes it")
    func multipart() {
        let text = """
            From: a@example.test\r
            Subject: fwd\r
            Content-Type: multipart/mixed; boundary="b1"\r
            \r
            --b1\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            hello\r
            --b1\r
            Content-Type: application/pdf; name="r.pdf"\r
            Content-Disposition: attachment; filename="r.pdf"\r
            Content-Transfer-Encoding: base64\r
            Content-Language: en, de\r
            \r
            AAAA\r
            --b1\r
            Content-Type: message/rfc822\r
            \r
            Subject: inner\r
            \r
            inner body\r
            --b1--\r

            """
        let message = MessageStructure(parsing: Array(text.utf8))
        let body = wire(.untagged(.fetch(1, [.bodyStructure(message.bodyStructure, extensible: false)])))
        #expect(body == """
            * 1 FETCH (BODY (("text" "plain" ("charset" "utf-8") NIL NIL "7bit" 5 0)\
            ("application" "pdf" ("name" "r.pdf") NIL NIL "base64" 4)\
            ("message" "rfc822" NIL NIL NIL "7bit" 28 (NIL "inner" NIL NIL NIL NIL NIL NIL NIL NIL) \
            ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 10 0) 2) "mixed"))\r

            """)
        let structure = wire(.untagged(.fetch(1, [.bodyStructure(message.bodyStructure, extensible: true)])))
        #expect(structure.contains("\"base64\" 4 NIL (\"attachment\" (\"filename\" \"r.pdf\")) (\"en\" \"de\") NIL)"))
        #expect(structure.hasSuffix(" \"mixed\" (\"boundary\" \"b1\") NIL NIL NIL))\r\n"))
    }

    @Test("8-bit header text goes as a literal, never raw in a quoted string, unless UTF8=ACCEPT")
    func eightBit() {
        let message = MessageStructure(parsing: Array("Subject: caf\u{E9}\r\n\r\nx\r\n".utf8))
        let plain = wire(.untagged(.fetch(1, [.envelope(message.envelope)])))
        #expect(plain.contains("NIL {5}\r\ncaf\u{E9} NIL"))
        let accepted = wire(.untagged(.fetch(1, [.envelope(message.envelope)])),
                            ResponseEncodingOptions(revision: .imap4rev2, utf8Accepted: true))
        #expect(accepted.contains("NIL \"caf\u{E9}\" NIL"))
    }

    @Test("a header value with CR, LF or a quote cannot break out of its string")
    func hostileValues() {
        let message = MessageStructure(parsing: Array("Subject: a\"b\\\\c\r\nMessage-ID: <x\u{0}y>\r\n\r\n".utf8))
        let response = wire(.untagged(.fetch(1, [.envelope(message.envelope)])))
        #expect(response.contains("\"a\\\"b\\\\\\\\c\""))
        #expect(response.contains("{5}\r\n<x\u{0}y>"))
        #expect(response.hasSuffix(")\r\n"))
    }
}
