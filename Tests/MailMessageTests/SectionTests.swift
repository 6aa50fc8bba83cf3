import MailMessage
import Testing

@Suite("FETCH BODY[section] spans (RFC 9051 §6.4.5)")
struct SectionTests {
    /// The message of RFC 9051 §6.4.5's part numbering example, built with the same shape:
    /// HEADER / TEXT (multipart/mixed) / 1 text/plain / 2 application/octet-stream / 3 message/rfc822 (3.1 text,
    /// 3.2 octet-stream) / 4 multipart/mixed (4.1 image/gif, 4.2 message/rfc822 (4.2.1 text, 4.2.2
    /// multipart/alternative (4.2.2.1 text/plain, 4.2.2.2 text/richtext))).
    static let example = """
        From: a@example.test
        Subject: outer
        Content-Type: MULTIPART/MIXED; boundary=outer

        --outer
        Content-Type: TEXT/PLAIN

        part 1
        --outer
        Content-Type: APPLICATION/OCTET-STREAM

        part 2
        --outer
        Content-Type: MESSAGE/RFC822

        From: b@example.test
        Subject: inner 3
        Content-Type: MULTIPART/MIXED; boundary=three

        --three
        Content-Type: TEXT/PLAIN

        part 3.1
        --three
        Content-Type: APPLICATION/OCTET-STREAM

        part 3.2
        --three--

        --outer
        Content-Type: MULTIPART/MIXED; boundary=four

        --four
        Content-Type: IMAGE/GIF

        part 4.1
        --four
        Content-Type: MESSAGE/RFC822

        Subject: inner 4.2
        Content-Type: MULTIPART/MIXED; boundary=fourtwo

        --fourtwo
        Content-Type: TEXT/PLAIN

        part 4.2.1
        --fourtwo
        Content-Type: MULTIPART/ALTERNATIVE; boundary=alt

        --alt
        Content-Type: TEXT/PLAIN

        part 4.2.2.1
        --alt
        Content-Type: TEXT/RICHTEXT

        part 4.2.2.2
        --alt--
        --fourtwo--
        --four--
        --outer--

        """

    @Test("RFC 9051 §6.4.5 example: every part number names the part it should", arguments: LineEnd.allCases)
    func partNumbers(lineEnd: LineEnd) throws {
        let message = stored(Self.example, lineEnd)
        let structure = MessageStructure(parsing: message)
        let expected: [([Int], String)] = [
            ([1], "part 1"), ([2], "part 2"), ([3, 1], "part 3.1"), ([3, 2], "part 3.2"), ([4, 1], "part 4.1"),
            ([4, 2, 1], "part 4.2.1"), ([4, 2, 2, 1], "part 4.2.2.1"), ([4, 2, 2, 2], "part 4.2.2.2"),
        ]
        for (path, content) in expected {
            #expect(structure.slice(path, in: message) == content, "\(path)")
        }
        #expect(structure.slice([3], .header, in: message) == """
            From: b@example.test
            Subject: inner 3
            Content-Type: MULTIPART/MIXED; boundary=three


            """)
        #expect(structure.slice([3], .text, in: message)?.hasPrefix("--three\nContent-Type: TEXT/PLAIN\n") == true)
        #expect(structure.slice([3], in: message)?.hasPrefix("From: b@example.test\n") == true)
        #expect(structure.slice([3], .mime, in: message) == "Content-Type: MESSAGE/RFC822\n\n")
        #expect(structure.slice([4, 1], .mime, in: message) == "Content-Type: IMAGE/GIF\n\n")
        #expect(structure.slice([4, 2], .header, in: message) == "Subject: inner 4.2\nContent-Type: MULTIPART/MIXED; boundary=fourtwo\n\n")
        #expect(structure.slice([4, 2, 2], in: message)?.hasPrefix("--alt\n") == true)
        #expect(structure.slice([4, 2, 2], in: message)?.hasSuffix("--alt--") == true)
        #expect(structure.slice([], .header, in: message)?.hasPrefix("From: a@example.test\n") == true)
        #expect(structure.slice([], in: message) == String(decoding: message, as: UTF8.self).replacingOccurrences("\r\n", with: "\n"))
    }

    @Test("Sections that do not exist resolve to nothing", arguments: [
        BodySection(part: [5]), BodySection(part: [0]), BodySection(part: [1, 1]), BodySection(part: [3, 3]),
        BodySection(part: [4, 2, 3]), BodySection(part: [1], text: .header), BodySection(part: [4], text: .text),
        BodySection(text: .mime), BodySection(part: [4, 2, 2, 1, 1]), BodySection(part: [-1]),
    ])
    func missing(section: BodySection) {
        #expect(MessageStructure(parsing: stored(Self.example)).span(of: section) == nil)
    }

    @Test("A message that is not multipart has only part 1, its body; 1.MIME is its header (RFC 9051 §6.4.5)")
    func singlePartMessage() {
        let message = stored("Subject: single\nContent-Type: text/plain\n\nhello\n")
        let structure = MessageStructure(parsing: message)
        #expect(structure.slice([1], in: message) == "hello\n")
        #expect(structure.slice([], .text, in: message) == "hello\n")
        #expect(structure.slice([1], .mime, in: message) == "Subject: single\nContent-Type: text/plain\n\n")
        #expect(structure.partIndex(at: [2]) == nil)
    }

    @Test("A message whose body is message/rfc822: 1 is the encapsulated message, 1.HEADER its header, 1.1 its body")
    func messageBody() {
        let message = stored("Subject: wrapper\nContent-Type: message/rfc822\n\nSubject: wrapped\n\ninner body\n")
        let structure = MessageStructure(parsing: message)
        #expect(structure.slice([1], in: message) == "Subject: wrapped\n\ninner body\n")
        #expect(structure.slice([1], .header, in: message) == "Subject: wrapped\n\n")
        #expect(structure.slice([1], .text, in: message) == "inner body\n")
        #expect(structure.slice([1, 1], in: message) == "inner body\n")
        #expect(structure.parts[structure.partIndex(at: [1, 1])!].envelope?.subject == "wrapped")
    }

    @Test("Spans carry the stored size and the CRLF size: an LF-stored message reports what the wire sends")
    func crlfSizes() throws {
        let lf = stored(Self.example, .lf)
        let crlf = stored(Self.example, .crlf)
        let fromLF = MessageStructure(parsing: lf)
        let fromCRLF = MessageStructure(parsing: crlf)
        #expect(fromLF.parts.count == fromCRLF.parts.count)
        for (stored, wire) in zip(fromLF.parts, fromCRLF.parts) {
            #expect(stored.body.crlfSize == wire.body.count)
            #expect(stored.header.crlfSize == wire.header.count)
            #expect(stored.body.lines == wire.body.lines)
            #expect(wire.body.bareLineFeeds == 0)
        }
        #expect(fromLF.size.crlfSize == crlf.count && fromLF.size.count == lf.count)
        #expect(fromLF.bodyStructure == fromCRLF.bodyStructure)
    }
}
