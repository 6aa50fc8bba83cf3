import MailMessage
import Testing

@Suite("Search text and case folding (RFC 9051 §6.4.4)")
struct SearchTextTests {
    @Test("Matching is case-insensitive substring matching, with full case folding", arguments: [
        ("Hello World", "WORLD", true),
        ("Straße", "STRASSE", true),
        ("ΣΊΣΥΦΟΣ", "σίσυφος", true),
        ("oﬃce", "OFFICE", true),
        ("会议通知", "通知", true),
        ("Hello", "help", false),
        ("anything", "", true),
        ("", "x", false),
    ])
    func folding(text: String, key: String, matches: Bool) {
        #expect(SearchFolding.contains(text, key) == matches)
    }

    @Test("A part's text: transfer encoding undone, charset converted; no charset is US-ASCII; unknown is the caller's choice")
    func partText() throws {
        let message = stored("""
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: text/plain; charset=iso-8859-1
            Content-Transfer-Encoding: quoted-printable

            caf=E9 cr=E8me
            --b
            Content-Type: text/plain; charset=x-martian
            Content-Transfer-Encoding: base64

            5L2g5aW9
            --b
            Content-Type: text/plain

            plain
            --b
            Content-Type: image/png

            not text
            --b--

            """)
        let structure = MessageStructure(parsing: message)
        #expect(structure.text(ofPart: try #require(structure.partIndex(at: [1])), in: message) == "café crème")
        let martian = try #require(structure.partIndex(at: [2]))
        #expect(structure.text(ofPart: martian, in: message) == "你好")
        #expect(structure.text(ofPart: martian, in: message, unknownCharset: try #require(Charset("gbk"))) == "浣犲ソ")
        #expect(structure.text(ofPart: try #require(structure.partIndex(at: [3])), in: message) == "plain")
        #expect(structure.text(ofPart: try #require(structure.partIndex(at: [4])), in: message) == nil)
        #expect(structure.bodyTexts(in: message).count == 3)
    }

    @Test("A forwarded single-part message: TEXT looks through its decoded header and its body, BODY only the body")
    func forwardedSinglePart() {
        let message = stored("""
            Subject: Fwd
            Content-Type: message/rfc822

            Subject: =?utf-8?B?5L2g5aW9?=
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            caf=C3=A9

            """)
        let structure = MessageStructure(parsing: message)
        #expect(structure.texts(of: structure.searchTextSources, in: message) == [
            "Subject: 你好\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n",
            "café\r\n",
        ])
        // RFC 9051 §6.4.4: BODY, unlike TEXT, matches no header field.
        #expect(structure.bodyTexts(in: message) == ["café\r\n"])
    }

    @Test("Folded body texts are the decoded texts folded, part by part, in both line-end forms",
          arguments: LineEnd.allCases)
    func foldedBodyTexts(lineEnd: LineEnd) throws {
        let message = stored("""
            Subject: Fwd
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: text/plain; charset=iso-8859-1
            Content-Transfer-Encoding: quoted-printable

            R=C9UNION des quarterly fig=
            ures, Gr=F6=DFe
            --b
            Content-Type: text/plain; charset=gb2312
            Content-Transfer-Encoding: base64

            us/NrKOsu+HS6c2o1qo=
            --b
            Content-Type: message/rfc822

            Subject: =?utf-8?B?5L2g5aW9?=
            Content-Type: text/plain; charset=utf-8

            Caf\u{E9} CR\u{C8}ME
            --b
            Content-Type: image/png
            Content-Transfer-Encoding: base64

            aW52b2ljZQ==
            --b--

            """, lineEnd)
        let structure = MessageStructure(parsing: message)
        let sources = structure.searchTextSources
        let texts = structure.texts(of: sources, in: message)
        // TEXT: the MIME header of each of the four parts, the forwarded message's header, three text leaves.
        #expect(sources.count == 8)
        #expect(structure.bodyTextSources == sources.filter { if case .text = $0 { true } else { false } })
        #expect(structure.bodyTextSources.count == 3)
        #expect(texts.count == sources.count)
        for (source, text) in zip(sources, texts) {
            #expect(structure.foldedText(source, in: message).bytes == Array(SearchFolding.fold(text).utf8))
        }
        let folded = sources.map { structure.foldedText($0, in: message) }
        let body = structure.bodyTextSources.map { structure.foldedText($0, in: message) }
        // RFC 2045 §6.7 rule 5: the soft line break joins the lines, so a key may span it.
        #expect(SearchPattern("QUARTERLY FIGURES").matches(body[0]))
        #expect(SearchPattern("réunion").matches(body[0]))
        #expect(SearchPattern("GRÖSSE").matches(body[0]))
        #expect(SearchPattern("合同").matches(body[1]))
        #expect(SearchPattern("café crème").matches(body[2]))
        // The forwarded Subject and the parts' MIME fields are header fields: TEXT finds them, BODY does not.
        for key in ["你好", "image/png"] {
            #expect(folded.contains { SearchPattern(key).matches($0) })
            #expect(!body.contains { SearchPattern(key).matches($0) })
        }
        // The image is not text: its base64 "invoice" is in no source.
        #expect(!folded.contains { SearchPattern("invoice").matches($0) })
    }
}
