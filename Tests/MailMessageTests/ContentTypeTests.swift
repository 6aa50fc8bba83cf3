import MailMessage
import Testing

@Suite("MIME fields (RFC 2045 §5-8, RFC 2183, RFC 2231, RFC 3282, RFC 2557)")
struct ContentTypeTests {
    static func type(_ value: String) -> ContentType? { ContentType(parsing: Array(value.utf8)) }

    static func fields(_ header: String) -> MIMEFields {
        MIMEFields(header: MessageHeader(parsing: stored(header + "\n\n")))
    }

    @Test("RFC 2045 §5.1 forms: case kept, comments and quotes removed, parameters in order", arguments: [
        ("text/plain; charset=us-ascii (Plain text)", "text", "plain", [("charset", "us-ascii")]),
        ("text/plain; charset=\"us-ascii\"", "text", "plain", [("charset", "us-ascii")]),
        ("TEXT/HTML;CHARSET=UTF-8", "TEXT", "HTML", [("CHARSET", "UTF-8")]),
        ("multipart/mixed; boundary=\"simple boundary\"", "multipart", "mixed", [("boundary", "simple boundary")]),
        (" (comment) text / plain ; format=flowed", "text", "plain", [("format", "flowed")]),
        ("application/x-stuff; title=\"quoted \\\"string\\\"\"", "application", "x-stuff", [("title", "quoted \"string\"")]),
    ] as [(String, String, String, [(String, String)])])
    func rfc2045(value: String, type: String, subtype: String, parameters: [(String, String)]) throws {
        let parsed = try #require(Self.type(value))
        #expect(parsed.type == type && parsed.subtype == subtype)
        #expect(parsed.parameters == parameters.map { MIMEParameter(name: $0.0, value: ByteString($0.1)) })
    }

    @Test("Real-world parameter values: unquoted with '=' (Outlook boundaries), missing ';', 8-bit, no '='", arguments: [
        ("multipart/alternative; boundary=----=_NextPart_000_0012_01D0", [("boundary", "----=_NextPart_000_0012_01D0")]),
        ("text/plain; charset=utf-8 format=flowed", [("charset", "utf-8"), ("format", "flowed")]),
        ("text/plain; junk; charset=gbk", [("charset", "gbk")]),
        ("text/plain; charset=", [("charset", "")]),
        ("text/plain;;; charset=big5;", [("charset", "big5")]),
    ] as [(String, [(String, String)])])
    func lenientParameters(value: String, parameters: [(String, String)]) throws {
        #expect(try #require(Self.type(value)).parameters == parameters.map { MIMEParameter(name: $0.0, value: ByteString($0.1)) })
    }

    @Test("Syntactically invalid types give nil, and the RFC 2045 §5.2 default applies", arguments: [
        "", "text", "text/", "/plain", "text plain", "\"text\"/plain",
    ])
    func invalid(value: String) {
        #expect(Self.type(value) == nil)
        #expect(Self.fields("Content-Type: \(value)").contentType == .plainText)
    }

    @Test("RFC 2231 §3: continuations are joined into one parameter")
    func rfc2231Continuations() throws {
        let type = try #require(Self.type("""
            message/external-body; access-type=URL;\r\n URL*0="ftp://";\r\n URL*1="cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar"
            """))
        #expect(type.parameters == [
            MIMEParameter(name: "access-type", value: "URL"),
            MIMEParameter(name: "URL", value: "ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar"),
        ])
    }

    @Test("RFC 2231 §4: an extended value is kept encoded under name* and decoded on request")
    func rfc2231CharsetAndLanguage() throws {
        let type = try #require(Self.type("application/x-stuff;\r\n title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A"))
        #expect(type.parameters == [MIMEParameter(name: "title*", value: "us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A")])
        #expect(type.parameters.decodedValue(named: "title") == "This is ***fun***")
    }

    @Test("RFC 2231 §4.1: extended and plain sections joined, the plain one percent-encoded into the extended value")
    func rfc2231Combined() throws {
        let type = try #require(Self.type("""
            application/x-stuff;\r\n title*0*=us-ascii'en'This%20is%20even%20more%20;\r\n title*1*=%2A%2A%2Afun%2A%2A%2A%20;\r\n title*2="isn't it!"
            """))
        #expect(type.parameters == [
            MIMEParameter(name: "title*", value: "us-ascii'en'This%20is%20even%20more%20%2A%2A%2Afun%2A%2A%2A%20isn%27t%20it!")
        ])
        #expect(type.parameters.decodedValue(named: "title") == "This is even more ***fun*** isn't it!")
    }

    @Test("RFC 2231: sections out of order, duplicated, or with a plain first section")
    func rfc2231Disorder() throws {
        let type = try #require(Self.type("a/b; n*1=\"lo\"; x=1; n*0=\"hel\"; n*1=\"XX\"; m*0=plain; m*1*=%E4%BD%A0"))
        #expect(type.parameters == [
            MIMEParameter(name: "n", value: "hello"), MIMEParameter(name: "x", value: "1"),
            MIMEParameter(name: "m*", value: "''plain%E4%BD%A0"),
        ])
        #expect(type.parameters.decodedValue(named: "m") == "plain你")
    }

    @Test("File names as mailers write them: RFC 2231 UTF-8, RFC 2047 inside quotes (Outlook, Foxmail), raw GBK")
    func fileNames() throws {
        let utf8 = try #require(ContentDisposition(parsing: Array("attachment; filename*=utf-8''%E5%A0%B1%E5%91%8A%E6%9B%B8.pdf".utf8)))
        #expect(utf8.type == "attachment")
        #expect(utf8.parameters.decodedValue(named: "filename") == "報告書.pdf")
        let encodedWord = try #require(ContentDisposition(parsing: Array("attachment; filename=\"=?gb2312?B?1tDOxLi9vP4uZG9j?=\"".utf8)))
        #expect(encodedWord.parameters.decodedValue(named: "filename") == "中文附件.doc")
        let rawGBK = try #require(ContentType(parsing: Array("application/msword; name=\"".utf8) + [0xD6, 0xD0, 0xCE, 0xC4] + Array(".doc\"".utf8)))
        #expect(rawGBK.parameters.decodedValue(named: "name", fallback: Charset("gbk")) == "中文.doc")
        #expect(rawGBK.parameters.decodedValue(named: "name") == "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}.doc")
        let both = try #require(ContentDisposition(parsing: Array("attachment; filename=\"fallback.txt\"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt".utf8)))
        #expect(both.parameters.decodedValue(named: "filename") == "résumé.txt")
        #expect(both.parameters.value(named: "FILENAME") == "fallback.txt")
    }

    @Test("At most MIMELimits.maximumParameters parameters are read")
    func parameterLimit() throws {
        let parameters = (0..<(MIMELimits.maximumParameters + 20)).map { "; p\($0)=v" }.joined()
        #expect(try #require(Self.type("text/plain" + parameters)).parameters.count == MIMELimits.maximumParameters)
    }

    @Test("The other MIME fields as BODYSTRUCTURE shows them (RFC 9051 §7.5.2)")
    func otherFields() {
        let fields = Self.fields("""
            Content-Type: text/x-myown; foo=bar
            Content-Transfer-Encoding: Quoted-Printable (comment)
            Content-ID: <foo@example.com>
            Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==
            Content-Disposition: inline; foo=bar
            Content-Description: hello description
            Content-Language: en, fi (Finnish), se
            Content-Location: http://example.com/
              test.txt
            """)
        #expect(fields.contentType == ContentType(type: "text", subtype: "x-myown", parameters: [
            MIMEParameter(name: "foo", value: "bar"), MIMEParameter(name: "charset", value: "us-ascii"),
        ]))
        #expect(fields.contentTransferEncoding == "Quoted-Printable")
        #expect(fields.transferEncoding == .quotedPrintable)
        #expect(fields.contentID == "<foo@example.com>")
        #expect(fields.contentMD5 == "Q2hlY2sgSW50ZWdyaXR5IQ==")
        #expect(fields.contentDisposition == ContentDisposition(type: "inline", parameters: [MIMEParameter(name: "foo", value: "bar")]))
        #expect(fields.contentDescription == "hello description")
        #expect(fields.contentLanguage == ["en", "fi", "se"])
        #expect(fields.contentLocation == "http://example.com/test.txt")
    }

    @Test("RFC 2045 §6.1: without a readable encoding it is 7bit; an empty field is absent")
    func defaults() {
        #expect(Self.fields("Content-Transfer-Encoding: ?invalid").contentTransferEncoding == "7bit")
        #expect(Self.fields("X: y").contentTransferEncoding == "7bit")
        #expect(Self.fields("Content-ID:   ").contentID == nil)
        #expect(Self.fields("Content-Disposition: ;x=y").contentDisposition == nil)
        #expect(Self.fields("Content-Type: image/png").contentType == ContentType(type: "image", subtype: "png"))
    }
}
