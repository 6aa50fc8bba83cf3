import MailMessage
import Testing

/// `text` with LF made CRLF and every character below U+0100 as one octet (so `é` is Latin-1 0xE9); use
/// ``utf8(_:)`` for UTF-8 text.
private func octets(_ text: String, _ lineEnd: LineEnd = .crlf) -> [UInt8] {
    let bytes = text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
    return lineEnd == .crlf ? bytes.flatMap { $0 == 0x0A ? [0x0D, 0x0A] : [$0] } : bytes
}

/// `text` as UTF-8 with LF made CRLF.
private func utf8(_ text: String) -> [UInt8] { stored(text) }

private func downgrade(_ message: [UInt8]) -> [UInt8] { EightBitDowngrade.downgrade(message) }

private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

/// The leaves' bodies decoded, in order: what a reader sees, which the downgrade must not change.
private func decodedLeaves(_ message: [UInt8]) -> [[UInt8]] {
    let structure = MessageStructure(parsing: message)
    return structure.parts.indices.filter { structure.parts[$0].content == .single }.map {
        structure.decodedContent(ofPart: $0, in: message)
    }
}

/// Octets above 127 in the bodies of leaves with an identity encoding (none should be left by a downgrade).
private func eightBitLeafOctets(_ message: [UInt8]) -> Int {
    let structure = MessageStructure(parsing: message)
    return structure.parts.filter { $0.content == .single && $0.fields.transferEncoding.isIdentity }.reduce(0) {
        $0 + message[$1.body.range].filter { $0 >= 0x80 }.count
    }
}

@Suite("8BITMIME downgrade (RFC 6152 §3, RFC 2045 §6.7)")
struct EightBitDowngradeTests {
    static let latin1 = """
        From: a@example.org
        To: b@example.net
        Subject: test
        MIME-Version: 1.0
        Content-Type: text/plain; charset=iso-8859-1
        Content-Transfer-Encoding: 8bit

        Caf\u{E9} cr\u{E8}me br\u{FB}l\u{E9}e

        """

    static let mixed = """
        From: a@example.org
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="XX"

        This is a multi-part message in MIME format.
        --XX
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: 8bit

        Grüße aus Köln
        --XX
        Content-Type: application/octet-stream; name="a.bin"
        Content-Transfer-Encoding: base64

        AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4
        OTo7PD0+Pw==
        --XX--

        """

    static let nested = """
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary=outer

        --outer
        Content-Type: multipart/alternative; boundary="inner"

        --inner
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: 8bit

        naïve café
        --inner
        Content-Type: text/html; charset=utf-8
        Content-Transfer-Encoding: 8bit

        <p>naïve café</p>
        --inner--

        --outer
        Content-Type: text/plain

        plain ascii = 7bit
        --outer--

        """

    static let forwarded = """
        From: a@example.org
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary=outer
        Content-Transfer-Encoding: 8bit

        --outer
        Content-Type: text/plain

        See the attached message.
        --outer
        Content-Type: message/rfc822
        Content-Transfer-Encoding: 8bit

        From: c@example.com
        Subject: inner
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: 8bit

        Überweisung
        --outer--

        """

    static let noMIME = """
        From: a@example.org
        Subject: hi

        H\u{E9}llo, w\u{F6}rld

        """

    @Test("RFC 2045 §6.7: a Latin-1 8bit body becomes quoted-printable and its header says so")
    func latin1Body() {
        let expected = Self.latin1.replacingOccurrences("8bit", with: "quoted-printable")
            .replacingOccurrences("Caf\u{E9} cr\u{E8}me br\u{FB}l\u{E9}e", with: "Caf=E9 cr=E8me br=FBl=E9e")
        #expect(downgrade(octets(Self.latin1)) == octets(expected))
    }

    @Test("RFC 2045 §6.7: a UTF-8 body, each octet of a character escaped")
    func utf8Body() {
        let message = utf8(Self.latin1.replacingOccurrences("iso-8859-1", with: "utf-8"))
        let expected = Self.latin1.replacingOccurrences("iso-8859-1", with: "utf-8")
            .replacingOccurrences("8bit", with: "quoted-printable")
            .replacingOccurrences("Caf\u{E9} cr\u{E8}me br\u{FB}l\u{E9}e", with: "Caf=C3=A9 cr=C3=A8me br=C3=BBl=C3=A9e")
        #expect(downgrade(message) == utf8(expected))
    }

    @Test("RFC 2045 §6.7 rule 5: lines over 76 characters get soft line breaks, none longer than 76")
    func softLineBreaks() {
        let long = String(repeating: "a", count: 100) + "é" + String(repeating: "é", count: 40)
        let output = downgrade(utf8("Content-Transfer-Encoding: 8bit\n\n\(long)\n"))
        let body = String(text(output).split(separator: "\r\n\r\n")[1])
        let lines = body.split(separator: "\r\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(lines.first == String(repeating: "a", count: 75) + "=")
        #expect(lines.dropFirst().first?.hasPrefix(String(repeating: "a", count: 25) + "=C3=A9") == true)
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
        #expect(lines.dropLast().allSatisfy { $0.hasSuffix("=") })
        #expect(TransferDecoding.quotedPrintable(Array(body.utf8)) == utf8("\(long)\n"))
    }

    @Test("RFC 2045 §6.7 rules 1 and 3: '=', control characters and trailing space or TAB are escaped")
    func escapes() {
        let message = octets("Content-Transfer-Encoding: binary\n\n1+1=2 \u{E9} \nTAB\t\nbell\u{07} del\u{7F}\nx\ry\n")
        #expect(text(downgrade(message)) == text(octets(
            "Content-Transfer-Encoding: quoted-printable\nMIME-Version: 1.0\n\n1+1=3D2 =E9=20\nTAB=09\nbell=07 del=7F\nx=0Dy\n")))
    }

    @Test("RFC 2046 §5.1: in multipart/mixed the 8bit part is converted and the base64 part is left alone")
    func multipartMixed() {
        let expected = Self.mixed
            .replacingOccurrences("8bit\n\nGrüße aus Köln", with: "quoted-printable\n\nGr=C3=BC=C3=9Fe aus K=C3=B6ln")
        #expect(text(downgrade(utf8(Self.mixed))) == text(utf8(expected)))
    }

    @Test("RFC 2046 §5.1: a multipart/alternative nested in multipart/mixed, boundaries on a stack")
    func nestedMultipart() {
        let expected = Self.nested.replacingOccurrences("8bit", with: "quoted-printable")
            .replacingOccurrences("naïve café", with: "na=C3=AFve caf=C3=A9")
        #expect(text(downgrade(utf8(Self.nested))) == text(utf8(expected)))
    }

    @Test("RFC 2046 §5.2.1, RFC 2045 §6.4: a forwarded message is walked; composites declared 8bit become 7bit")
    func messageRFC822() {
        let expected = Self.forwarded
            .replacingOccurrences("boundary=outer\nContent-Transfer-Encoding: 8bit", with: "boundary=outer\nContent-Transfer-Encoding: 7bit")
            .replacingOccurrences("rfc822\nContent-Transfer-Encoding: 8bit", with: "rfc822\nContent-Transfer-Encoding: 7bit")
            .replacingOccurrences(
                "utf-8\nContent-Transfer-Encoding: 8bit\n\nÜberweisung",
                with: "utf-8\nContent-Transfer-Encoding: quoted-printable\nMIME-Version: 1.0\n\n=C3=9Cberweisung")
        #expect(text(downgrade(utf8(Self.forwarded))) == text(utf8(expected)))
    }

    @Test("RFC 2045 §5.2, §4: a message without MIME fields is text/plain; it gains the CTE and MIME-Version")
    func missingTransferEncoding() {
        let expected = """
            From: a@example.org
            Subject: hi
            Content-Transfer-Encoding: quoted-printable
            MIME-Version: 1.0

            H=E9llo, w=F6rld

            """
        #expect(downgrade(octets(Self.noMIME)) == octets(expected))
    }

    @Test("RFC 2046 §5.1.5: a digest's part without Content-Type is a message, walked as one")
    func digest() {
        let message = utf8("""
            MIME-Version: 1.0
            Content-Type: multipart/digest; boundary=d

            --d

            Subject: one

            Grüße
            --d--

            """)
        #expect(text(downgrade(message)) == text(utf8("""
            MIME-Version: 1.0
            Content-Type: multipart/digest; boundary=d

            --d

            Subject: one
            Content-Transfer-Encoding: quoted-printable
            MIME-Version: 1.0

            Gr=C3=BC=C3=9Fe
            --d--

            """)))
    }

    @Test("Header fields pass through unchanged, 8-bit octets included; duplicate and folded CTE fields are replaced")
    func headers() {
        let message = utf8("""
            Subject: Grüße
            Content-Transfer-Encoding:
             8bit
            X-Other: kept
            content-transfer-encoding: 8BIT

            ü

            """)
        #expect(text(downgrade(message)) == text(utf8("""
            Subject: Grüße
            Content-Transfer-Encoding: quoted-printable
            X-Other: kept
            Content-Transfer-Encoding: quoted-printable
            MIME-Version: 1.0

            =C3=BC

            """)))
    }

    @Test("A preamble and an epilogue with 8-bit octets are encoded too; the structure stays")
    func preambleAndEpilogue() {
        let message = utf8("""
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary=b

            Präambel
            --b

            ascii
            --b--
            Epilog ü

            """)
        let output = downgrade(message)
        #expect(text(output) == text(utf8("""
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary=b

            Pr=C3=A4ambel
            --b

            ascii
            --b--
            Epilog =C3=BC

            """)))
    }

    static let sevenBit: [(String, [UInt8])] = [
        ("RFC 2046 §5.1.1 example", stored(MultipartTests.rfc2046Example)),
        ("declared 8bit, 7-bit body", stored("Content-Type: text/plain\nContent-Transfer-Encoding: 8bit\n\nplain = text \n")),
        ("declared binary composite", stored("""
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary=b
            Content-Transfer-Encoding: binary

            --b
            Content-Transfer-Encoding: 8bit

            ok\t
            --b--
            """)),
        ("no MIME, long line", stored("Subject: x\n\n" + String(repeating: "=-", count: 700) + "\n--x\n")),
        ("bare LF", stored(MultipartTests.rfc2046Example, .lf)),
        ("no closing boundary", stored("Content-Type: multipart/mixed; boundary=b\n\n--b\n\ntext")),
        ("header only", stored("Subject: x")),
        ("empty", []),
    ]

    @Test("A message without 8-bit octets comes back byte for byte", arguments: sevenBit)
    func sevenBitUnchanged(name: String, message: [UInt8]) {
        #expect(downgrade(message) == message, "\(name)")
    }

    static let eightBit: [(String, [UInt8])] = [
        ("Latin-1", octets(latin1)),
        ("mixed", utf8(mixed)),
        ("nested", utf8(nested)),
        ("forwarded", utf8(forwarded)),
        ("no MIME", octets(noMIME)),
        ("bare LF", octets(latin1, .lf)),
        ("long 8-bit line", utf8("Subject: x\n\n" + String(repeating: "ä =\t", count: 600) + "\r\n")),
        ("no closing boundary", utf8("Content-Type: multipart/mixed; boundary=b\n\n--b\n\nÄ\n--b\n\nÖ")),
        ("last line without line end, ending in white space and CR", octets("Subject: x\n\n\u{E9} \r")),
    ]

    @Test("Fed in pieces split anywhere, the output is the one-shot output", arguments: eightBit + sevenBit)
    func chunking(name: String, message: [UInt8]) {
        let whole = downgrade(message)
        var converter = EightBitDowngrade()
        var bytewise: [UInt8] = []
        for byte in message { bytewise += converter.convert(CollectionOfOne(byte)) }
        bytewise += converter.finish()
        #expect(bytewise == whole, "\(name): one octet at a time")
        for cut in 0...message.count {
            var converter = EightBitDowngrade()
            let split = converter.convert(message[..<cut]) + converter.convert(message[cut...]) + converter.finish()
            #expect(split == whole, "\(name): cut at \(cut)")
            if split != whole { break }
        }
    }

    @Test("Decoding the output's leaves gives the input's; no 8-bit octet is left in a body",
          arguments: eightBit)
    func decodeRoundTrip(name: String, message: [UInt8]) {
        let output = downgrade(message)
        #expect(MessageStructure(parsing: output).parts.count == MessageStructure(parsing: message).parts.count, "\(name)")
        #expect(decodedLeaves(output) == decodedLeaves(message), "\(name)")
        #expect(eightBitLeafOctets(output) == 0, "\(name)")
        #expect(output.allSatisfy { $0 < 0x80 }, "\(name)")
    }

    @Test("Cut short at any point, the message is converted as far as it goes", arguments: eightBit)
    func truncated(name: String, message: [UInt8]) {
        for end in 0...message.count {
            let prefix = Array(message[..<end])
            let output = downgrade(prefix)
            #expect(eightBitLeafOctets(output) == 0, "\(name) cut at \(end)")
            #expect(decodedLeaves(output) == decodedLeaves(prefix), "\(name) cut at \(end)")
            if prefix.allSatisfy({ $0 < 0x80 }) { #expect(output == prefix, "\(name) cut at \(end)") }
        }
    }

    @Test("RFC 2046 §5.1.1: a soft line break never starts a line with '-', so no delimiter appears")
    func noFalseDelimiter() {
        let line = String(repeating: "x", count: 75) + "--b-- ä"
        let message = utf8("Content-Type: multipart/mixed; boundary=b\n\n--b\n\n\(line)\n--b\n\nü\n--b--\n")
        let output = downgrade(message)
        #expect(text(output).contains("=\r\n=2D-b-- =C3=A4\r\n"))
        #expect(MessageStructure(parsing: output).parts.count == 3)
        #expect(decodedLeaves(output) == decodedLeaves(message))
    }

    @Test("A delimiter on a line of 998 and more octets is still a delimiter")
    func longDelimiterLine() {
        let message = utf8("Content-Type: multipart/mixed; boundary=b\n\n--b" + String(repeating: " ", count: 2000)
            + "\n\nä\n--b--" + String(repeating: "ö", count: 1000) + "\n")
        let output = downgrade(message)
        #expect(text(output).contains("\r\n\r\n=C3=A4\r\n--b--"))
        #expect(decodedLeaves(output) == decodedLeaves(message))
        #expect(eightBitLeafOctets(output) == 0)
    }

    @Test("Past MIMELimits.maximumParts delimiters are content, as for the parser, cut-off message/rfc822 parts counted")
    func partLimit() {
        // Each message/rfc822 part cut short by the next delimiter is two entities for the parser.
        let cut = String(repeating: "--b\nContent-Type: message/rfc822\n", count: (MIMELimits.maximumParts - 2) / 2)
        let message = utf8("Content-Type: multipart/mixed; boundary=b\n\n\(cut)--b\n\nä\n--b\n\nö\n--b--\n")
        let output = downgrade(message)
        #expect(text(output).hasSuffix("\r\n--b\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=C3=A4\r\n=2D-b\r\n\r\n=C3=B6\r\n--b--\r\n"))
        #expect(MessageStructure(parsing: output).parts.count == MIMELimits.maximumParts)
        #expect(decodedLeaves(output) == decodedLeaves(message))
    }

    @Test("A header section past MIMELimits.maximumHeaderBytes is given up on and passed through whole")
    func overlongHeader() {
        let field = "X-Long: " + String(repeating: "h", count: MIMELimits.maximumHeaderBytes) + "\n"
        let message = utf8("Subject: x\n\(field)\nä\n")
        #expect(downgrade(message) == message)
    }

    @Test("Past maximumHeldBytes a waiting body is converted, and output flows before the end")
    func heldLimit() {
        let body = String(repeating: "seven bit line\n", count: EightBitDowngrade.maximumHeldBytes / 15 + 10)
        let message = utf8("Content-Transfer-Encoding: 8bit\n\n\(body)")
        var converter = EightBitDowngrade()
        let early = converter.convert(message)
        let output = early + converter.finish()
        #expect(!early.isEmpty)
        #expect(text(output).hasPrefix("Content-Transfer-Encoding: quoted-printable\r\nMIME-Version: 1.0\r\n\r\n"))
        #expect(decodedLeaves(output) == decodedLeaves(message))
    }
}
