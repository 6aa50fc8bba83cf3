import MailMessage
import Testing

@Suite("Real-world message shapes")
struct RealWorldTests {
    static let outlook = """
        From: "=?gb2312?B?1cXI/Q==?=" <zhangsan@example.cn>
        To: <lisi@example.cn>
        Subject: =?gb2312?B?u+HS6c2o1qo=?=
        Date: Mon, 1 Dec 2026 09:30:00 +0800
        Message-ID: <000001d9a1b2$c3d4e5f0$@example.cn>
        MIME-Version: 1.0
        Content-Type: multipart/alternative;
        \tboundary="----=_NextPart_000_0001_01D9A1B2.C3D4E5F0"
        X-Mailer: Microsoft Outlook 16.0

        This is a multi-part message in MIME format.

        ------=_NextPart_000_0001_01D9A1B2.C3D4E5F0
        Content-Type: text/plain;
        \tcharset="gb2312"
        Content-Transfer-Encoding: base64

        uPfOu82sysKjugrD98zsyc/O58quteO/qrvhoaMK

        ------=_NextPart_000_0001_01D9A1B2.C3D4E5F0
        Content-Type: text/html;
        \tcharset="gb2312"
        Content-Transfer-Encoding: quoted-printable

        <p>=C3=F7=CC=EC=BF=AA=BB=E1</p>

        ------=_NextPart_000_0001_01D9A1B2.C3D4E5F0--

        """

    @Test("Outlook multipart/alternative in GB2312: Outlook's boundary, base64 and quoted-printable text decoded",
          arguments: LineEnd.allCases)
    func outlookAlternative(lineEnd: LineEnd) throws {
        let message = stored(Self.outlook, lineEnd)
        let structure = MessageStructure(parsing: message)
        #expect(structure.envelope.decodedSubject == "会议通知")
        #expect(structure.envelope.from.first?.decodedName == "张三")
        #expect(structure.envelope.to == [Address(mailbox: "lisi", host: "example.cn")])
        let plain = try #require(structure.partIndex(at: [1]))
        let html = try #require(structure.partIndex(at: [2]))
        #expect(structure.text(ofPart: plain, in: message) == "各位同事：\n明天上午十点开会。\n")
        // The empty line before the delimiter is content; only the line end before the delimiter is not.
        #expect(structure.text(ofPart: html, in: message)?.replacingOccurrences("\r\n", with: "\n") == "<p>明天开会</p>\n")
        #expect(structure.bodyTexts(in: message).count == 2)
        #expect(structure.text(ofPart: 0, in: message) == nil)
    }

    static let foxmail = """
        From: "wang" <wang@example.tw>
        To: chen@example.tw
        Subject: =?big5?B?UmU6ILd8xLM=?=
        Date: Tue, 2 Dec 2026 14:00:00 +0800
        X-Mailer: Foxmail 7.2
        Mime-Version: 1.0
        Content-Type: multipart/mixed;
        \tboundary="----=_001_NextPart572839404_=----"

        This is a multi-part message in MIME format.

        ------=_001_NextPart572839404_=----
        Content-Type: multipart/alternative;
        \tboundary="----=_002_NextPart420839413_=----"


        ------=_002_NextPart420839413_=----
        Content-Type: text/plain;
        \tcharset="big5"
        Content-Transfer-Encoding: base64

        qv6l873QrGSmrKFDCg==

        ------=_002_NextPart420839413_=----
        Content-Type: text/html;
        \tcharset="big5"
        Content-Transfer-Encoding: quoted-printable

        <html><body>ok</body></html>

        ------=_002_NextPart420839413_=------

        ------=_001_NextPart572839404_=----
        Content-Type: application/msword;
        \tname="=?big5?B?t3zEs7BPv/0uZG9j?="
        Content-Transfer-Encoding: base64
        Content-Disposition: attachment;
        \tfilename="=?big5?B?t3zEs7BPv/0uZG9j?="

        0M8R4KGxGuE=

        ------=_001_NextPart572839404_=------

        """

    @Test("Foxmail multipart/mixed in Big5: nested alternative, attachment named with RFC 2047 inside quotes",
          arguments: LineEnd.allCases)
    func foxmailAttachment(lineEnd: LineEnd) throws {
        let message = stored(Self.foxmail, lineEnd)
        let structure = MessageStructure(parsing: message)
        #expect(structure.envelope.decodedSubject == "Re: 會議")
        #expect(structure.text(ofPart: try #require(structure.partIndex(at: [1, 1])), in: message) == "附件請查收。\n")
        let attachment = structure.parts[try #require(structure.partIndex(at: [2]))]
        #expect(attachment.fields.contentDisposition?.type == "attachment")
        #expect(attachment.fields.contentDisposition?.parameters.decodedValue(named: "filename") == "會議記錄.doc")
        #expect(attachment.fields.contentType.parameters.decodedValue(named: "name") == "會議記錄.doc")
        #expect(structure.decodedContent(ofPart: try #require(structure.partIndex(at: [2])), in: message)
                == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        guard case .multipart(let mixed) = structure.bodyStructure, case .multipart(let alternative) = mixed.parts[0] else {
            Issue.record("shape: \(structure.bodyStructure)")
            return
        }
        #expect(alternative.parts.count == 2 && mixed.parts.count == 2)
    }

    static let thunderbird = """
        Message-ID: <5f3c2a10-1111-2222-3333-444455556666@example.de>
        Date: Wed, 3 Dec 2026 10:15:00 +0100
        MIME-Version: 1.0
        User-Agent: Mozilla Thunderbird
        Content-Language: de-DE
        To: Jürgen <juergen@example.de>
        From: =?UTF-8?Q?J=C3=B6rg_M=C3=BCller?= <joerg@example.de>
        Subject: =?UTF-8?Q?Bericht_f=C3=BCr_M=C3=A4rz?=
        Content-Type: multipart/mixed; boundary="------------0AbCdEfGhIjKlMnOpQrStU"

        This is a multi-part message in MIME format.
        --------------0AbCdEfGhIjKlMnOpQrStU
        Content-Type: text/plain; charset=UTF-8; format=flowed
        Content-Transfer-Encoding: 8bit

        Hallo Jürgen,
        anbei der Bericht.

        --------------0AbCdEfGhIjKlMnOpQrStU
        Content-Type: application/pdf; name*0*=UTF-8''%42%65%72%69%63%68%74%20%66%C3%BC%72%20;
         name*1*=%4D%C3%A4%72%7A%2E%70%64%66
        Content-Disposition: attachment;
         filename*0*=UTF-8''%42%65%72%69%63%68%74%20%66%C3%BC%72%20;
         filename*1*=%4D%C3%A4%72%7A%2E%70%64%66
        Content-Transfer-Encoding: base64

        JVBERi0xLjQK

        --------------0AbCdEfGhIjKlMnOpQrStU--

        """

    @Test("Thunderbird: UTF-8 8bit text, RFC 2231 continued file names, raw UTF-8 display name (RFC 6532)")
    func thunderbirdAttachment() throws {
        let message = stored(Self.thunderbird)
        let structure = MessageStructure(parsing: message)
        #expect(structure.envelope.decodedSubject == "Bericht für März")
        #expect(structure.envelope.from.first?.decodedName == "Jörg Müller")
        #expect(structure.envelope.to.first?.name == "Jürgen")
        let pdf = structure.parts[try #require(structure.partIndex(at: [2]))].fields
        #expect(pdf.contentType.parameters == [
            MIMEParameter(name: "name*", value: "UTF-8''%42%65%72%69%63%68%74%20%66%C3%BC%72%20%4D%C3%A4%72%7A%2E%70%64%66")
        ])
        #expect(pdf.contentDisposition?.parameters.decodedValue(named: "filename") == "Bericht für März.pdf")
        #expect(structure.text(ofPart: try #require(structure.partIndex(at: [1])), in: message) == "Hallo Jürgen,\r\nanbei der Bericht.\r\n")
        #expect(structure.message.fields.contentLanguage == ["de-DE"])
    }

    @Test("A forward as attachment (message/rfc822) of a multipart message, inside a multipart/mixed")
    func forwardedMessage() throws {
        let message = stored("""
            From: a@example.test
            Subject: Fwd: quarterly
            Content-Type: multipart/mixed; boundary="outer"

            --outer
            Content-Type: text/plain

            See below.
            --outer
            Content-Type: message/rfc822
            Content-Disposition: attachment; filename="quarterly.eml"

            From: Boss <boss@example.test>
            To: team@example.test
            Subject: quarterly
            Content-Type: multipart/alternative; boundary="inner"

            --inner
            Content-Type: text/plain; charset=utf-8

            Numbers are up.
            --inner
            Content-Type: text/html; charset=utf-8

            <b>Numbers are up.</b>
            --inner--

            --outer--

            """)
        let structure = MessageStructure(parsing: message)
        let forwarded = try #require(structure.partIndex(at: [2]))
        guard case .encapsulatedMessage(let inner) = structure.parts[forwarded].content else {
            Issue.record("not entered")
            return
        }
        #expect(structure.parts[inner].envelope?.from == [Address(name: "Boss", mailbox: "boss", host: "example.test")])
        #expect(structure.slice([2, 1], in: message) == "Numbers are up.")
        #expect(structure.slice([2, 2], in: message) == "<b>Numbers are up.</b>")
        #expect(structure.slice([2], .text, in: message)?.hasPrefix("--inner\n") == true)
        // RFC 9051 §6.4.4: TEXT searches MIME header fields too (the attachment's filename among them).
        #expect(structure.texts(of: structure.searchTextSources, in: message) == [
            "Content-Type: text/plain\n", "See below.",
            "Content-Type: message/rfc822\nContent-Disposition: attachment; filename=\"quarterly.eml\"\n",
            "From: Boss <boss@example.test>\nTo: team@example.test\nSubject: quarterly\nContent-Type: multipart/alternative; boundary=\"inner\"\n",
            "Content-Type: text/plain; charset=utf-8\n", "Numbers are up.",
            "Content-Type: text/html; charset=utf-8\n", "<b>Numbers are up.</b>",
        ])
        #expect(structure.bodyTexts(in: message) == ["See below.", "Numbers are up.", "<b>Numbers are up.</b>"])
    }
}
