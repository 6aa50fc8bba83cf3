import MailMessage
import Testing

@Suite("BODYSTRUCTURE data (RFC 9051 §7.5.2)")
struct BodyStructureTests {
    /// The shape of Dovecot's imap-bodystructure test, whose output Dovecot's clients already know: sizes are CRLF
    /// octets, lines count line feeds, a text part without charset gets us-ascii.
    static let message = """
        From: user@domain.org
        Date: Sat, 24 Mar 2007 23:00:00 +0200
        Mime-Version: 1.0
        Content-Type: multipart/mixed; boundary="foo
         bar"

        Root MIME prologue

        --foo bar
        Content-Type: text/x-myown; charset=us-ascii; foo="quoted\\"string"
        Content-ID: <foo@example.com>
        Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==
        Content-Disposition: inline; foo=bar
        Content-Description: hellodescription
        Content-Language: en, fi, se
        Content-Location: http://example.com/test.txt

        hello

        --foo bar
        Content-Type: message/rfc822

        From: sub@domain.org
        To: sub-to1@domain.org, sub-to2@domain.org
        Date: Sun, 12 Aug 2012 12:34:56 +0300
        Subject: submsg
        Content-Type: multipart/alternative; boundary="sub1"

        Sub MIME prologue
        --sub1
        Content-Type: text/html
        Content-Transfer-Encoding: 8bit

        <p>Hello world</p>

        --sub1
        Content-Type: text/plain
        Content-Transfer-Encoding: ?invalid

        Hello another world

        --sub1--
        Sub MIME epilogue

        --foo bar--
        Root MIME epilogue

        """

    @Test("A multipart with a text part and a message/rfc822 holding a multipart/alternative", arguments: LineEnd.allCases)
    func nested(lineEnd: LineEnd) throws {
        let structure = MessageStructure(parsing: stored(Self.message, lineEnd))
        guard case .multipart(let root) = structure.bodyStructure else {
            Issue.record("not multipart")
            return
        }
        #expect(root.fields.contentType == ContentType(type: "multipart", subtype: "mixed", parameters: [
            MIMEParameter(name: "boundary", value: "foo bar")
        ]))
        #expect(root.parts.count == 2)
        let text = BodyStructure.singlepart(.init(
            fields: MIMEFields(
                contentType: ContentType(type: "text", subtype: "x-myown", parameters: [
                    MIMEParameter(name: "charset", value: "us-ascii"), MIMEParameter(name: "foo", value: "quoted\"string"),
                ]),
                contentID: "<foo@example.com>", contentDescription: "hellodescription",
                contentMD5: "Q2hlY2sgSW50ZWdyaXR5IQ==",
                contentDisposition: ContentDisposition(type: "inline", parameters: [MIMEParameter(name: "foo", value: "bar")]),
                contentLanguage: ["en", "fi", "se"], contentLocation: "http://example.com/test.txt"),
            octets: 7, kind: .text(lines: 1)))
        #expect(root.parts[0] == text)
        guard case .singlepart(let forwarded) = root.parts[1], case .message(let envelope, let inner, let lines) = forwarded.kind else {
            Issue.record("part 2 is not a message")
            return
        }
        #expect(forwarded.fields.contentType == ContentType(type: "message", subtype: "rfc822"))
        #expect(forwarded.octets == 412 && lines == 21)
        #expect(envelope.subject == "submsg" && envelope.to.count == 2)
        #expect(envelope.sender == [Address(mailbox: "sub", host: "domain.org")])
        guard case .multipart(let alternative) = inner else {
            Issue.record("encapsulated body is not multipart")
            return
        }
        #expect(alternative.fields.contentType.subtype == "alternative")
        let plainCharset = [MIMEParameter(name: "charset", value: "us-ascii")]
        #expect(alternative.parts == [
            .singlepart(.init(
                fields: MIMEFields(contentType: ContentType(type: "text", subtype: "html", parameters: plainCharset),
                                   contentTransferEncoding: "8bit"),
                octets: 20, kind: .text(lines: 1))),
            .singlepart(.init(
                fields: MIMEFields(contentType: ContentType(type: "text", subtype: "plain", parameters: plainCharset)),
                octets: 21, kind: .text(lines: 1))),
        ])
    }

    @Test("A single-part message: the body's octets and lines; basic parts carry no lines")
    func singlePart() {
        let text = MessageStructure(parsing: stored("Content-Type: text/plain; charset=us-ascii\n\nbody\n"))
        #expect(text.bodyStructure == .singlepart(.init(
            fields: MIMEFields(contentType: .plainText), octets: 6, kind: .text(lines: 1))))
        let image = MessageStructure(parsing: stored("Content-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBORw0K\n"))
        #expect(image.bodyStructure == .singlepart(.init(
            fields: MIMEFields(contentType: ContentType(type: "image", subtype: "png"), contentTransferEncoding: "base64"),
            octets: 10, kind: .basic)))
    }

    @Test("RFC 2046 §5.1.5: a body part without Content-Type in a multipart/digest is message/rfc822")
    func digest() throws {
        let message = stored("""
            Content-Type: multipart/digest; boundary=d

            --d

            Subject: first

            one
            --d
            Content-Type: text/plain

            not a message
            --d--

            """)
        let structure = MessageStructure(parsing: message)
        guard case .multipart(let digest) = structure.bodyStructure, digest.parts.count == 2,
            case .singlepart(let first) = digest.parts[0], case .message(let envelope, _, _) = first.kind
        else {
            Issue.record("digest not read: \(structure.bodyStructure)")
            return
        }
        #expect(first.fields.contentType == .rfc822Message)
        #expect(envelope.subject == "first")
        #expect(structure.slice([1, 1], in: message) == "one")
        #expect(structure.slice([2], in: message) == "not a message")
    }

    @Test("message/global (RFC 6532 §3.5) is an encapsulated message too")
    func messageGlobal() {
        let structure = MessageStructure(parsing: stored("Content-Type: message/global\n\nSubject: 你好\n\nbody\n"))
        guard case .singlepart(let part) = structure.bodyStructure, case .message(let envelope, _, _) = part.kind else {
            Issue.record("message/global not entered")
            return
        }
        #expect(envelope.subject == "你好")
    }

    @Test("Entities the parser does not enter get a type that matches their content", arguments: [
        ("Content-Type: multipart/mixed\n\nno boundary parameter\n", ContentType.plainText),
        ("Content-Type: multipart/mixed; boundary=\"\"\n\nempty boundary\n", .plainText),
        ("Content-Type: multipart/mixed; boundary=b\n\nno delimiter line at all\n", .plainText),
        ("Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\nU3ViamVjdDogeA==\n", .octetStream),
    ])
    func notEntered(message: String, type: ContentType) {
        let structure = MessageStructure(parsing: stored(message))
        #expect(structure.message.content == .single)
        #expect(structure.message.fields.contentType == type)
    }
}
