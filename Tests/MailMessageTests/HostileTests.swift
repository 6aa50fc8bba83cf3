import MailMessage
import Testing

@Suite("Hostile and broken messages: never an error, never a lost byte, linear time")
struct HostileTests {
    static func children(_ structure: MessageStructure, _ index: Int = 0) -> [Int] {
        structure.parts[index].children
    }

    @Test("A missing close delimiter: the last part runs to the end of the message", arguments: LineEnd.allCases)
    func unterminated(lineEnd: LineEnd) {
        let message = stored("Content-Type: multipart/mixed; boundary=b\n\n--b\n\none\n--b\n\ntwo\nand more\n", lineEnd)
        let structure = MessageStructure(parsing: message)
        #expect(Self.children(structure).count == 2)
        #expect(structure.slice([2], in: message) == "two\nand more\n")
        #expect(structure.message.body.range.upperBound == message.count)
    }

    @Test("An inner multipart without its close delimiter is ended by the outer delimiter")
    func innerUnterminated() {
        let message = stored("""
            Content-Type: multipart/mixed; boundary=outer

            --outer
            Content-Type: multipart/alternative; boundary=inner

            --inner

            a
            --outer

            b
            --outer--

            """)
        let structure = MessageStructure(parsing: message)
        #expect(structure.slice([1, 1], in: message) == "a")
        #expect(structure.slice([2], in: message) == "b")
    }

    @Test("Boundaries that are prefixes of each other: the longest match wins (RFC 2046 §5.1.1 prefix rule)")
    func prefixBoundaries() {
        let message = stored("""
            Content-Type: multipart/mixed; boundary=ab

            --ab
            Content-Type: multipart/mixed; boundary=abcd

            --abcd

            inner
            --abcd--
            --ab

            outer 2
            --ab--

            """)
        let structure = MessageStructure(parsing: message)
        #expect(structure.slice([1, 1], in: message) == "inner")
        #expect(structure.slice([2], in: message) == "outer 2")
    }

    @Test("Transport padding after a delimiter, and text after the close delimiter, are allowed; the epilogue is ignored")
    func padding() {
        let message = stored("Content-Type: multipart/mixed; boundary=b\n\n--b  \t\n\none\n--b-- trailing words\n--b\n\nepilogue\n")
        let structure = MessageStructure(parsing: message)
        #expect(Self.children(structure).count == 1)
        #expect(structure.slice([1], in: message) == "one")
    }

    @Test("A body part whose header runs into the next delimiter has an empty body")
    func headerIntoDelimiter() {
        let message = stored("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/html\n--b\n\nsecond\n--b--\n")
        let structure = MessageStructure(parsing: message)
        #expect(structure.slice([1], .mime, in: message) == "Content-Type: text/html")
        #expect(structure.slice([1], in: message) == "")
        #expect(structure.parts[structure.partIndex(at: [1])!].fields.contentType.subtype == "html")
        #expect(structure.slice([2], in: message) == "second")
    }

    @Test("A body part that starts without a header: its lines up to the empty line are its (broken) header")
    func missingHeader() {
        let message = stored("Content-Type: multipart/mixed; boundary=b\n\n--b\nthis is not a header\n\nbody\n--b--\n")
        let structure = MessageStructure(parsing: message)
        #expect(structure.slice([1], .mime, in: message) == "this is not a header\n\n")
        #expect(structure.slice([1], in: message) == "body")
        #expect(structure.parts[structure.partIndex(at: [1])!].fields.contentType == .plainText)
    }

    @Test("10,000 nested multiparts: entered to MIMELimits.maximumDepth, the rest one opaque leaf")
    func deepNesting() throws {
        let depth = 10_000
        var text = ""
        // "=N=" so that no boundary is a prefix of another (a line starting with "--b5" would end "b5" too).
        for level in 0..<depth { text += "Content-Type: multipart/mixed; boundary==\(level)=\n\n--=\(level)=\n" }
        text += "\ninnermost\n"
        let message = stored(text)
        let structure = MessageStructure(parsing: message)
        #expect(structure.parts.count == MIMELimits.maximumDepth + 1)
        let deepest = try #require(structure.parts.last)
        #expect(deepest.fields.contentType == .octetStream && deepest.content == .single)
        #expect(deepest.body.range.upperBound == message.count)
        #expect(try MessageStructure(serialized: structure.serialized()) == structure)
        _ = structure.bodyStructure
    }

    @Test("Nested encapsulated messages stop at the depth limit too")
    func deepMessages() {
        let message = stored(String(repeating: "Content-Type: message/rfc822\n\n", count: 200) + "Subject: bottom\n\nx\n")
        let structure = MessageStructure(parsing: message)
        #expect(structure.parts.count == MIMELimits.maximumDepth + 1)
        #expect(structure.parts.last?.fields.contentType == .octetStream)
    }

    @Test("20,000 body parts: MIMELimits.maximumParts entities, the excess folded into the last part")
    func manyParts() throws {
        let count = 20_000
        let message = stored("Content-Type: multipart/mixed; boundary=b\n\n"
            + (0..<count).map { "--b\n\npart \($0)\n" }.joined() + "--b--\nepilogue\n")
        let structure = MessageStructure(parsing: message)
        #expect(structure.parts.count == MIMELimits.maximumParts)
        let last = try #require(structure.slice([MIMELimits.maximumParts - 1], in: message))
        #expect(last.hasPrefix("part \(MIMELimits.maximumParts - 2)\n--b\n\npart \(MIMELimits.maximumParts - 1)\n"))
        #expect(last.hasSuffix("part \(count - 1)"))
        #expect(structure.partIndex(at: [MIMELimits.maximumParts]) == nil)
        #expect(try MessageStructure(serialized: structure.serialized()) == structure)
    }

    @Test("An RFC 2231 extended boundary parameter is honoured")
    func extendedBoundary() {
        let message = stored("Content-Type: multipart/mixed; boundary*=''a%20b\n\n--a b\n\none\n--a b--\n")
        #expect(MessageStructure(parsing: message).slice([1], in: message) == "one")
    }

    @Test("A boundary over MIMELimits.maximumBoundaryLength cannot split the multipart: it is text")
    func longBoundary() {
        let boundary = String(repeating: "x", count: MIMELimits.maximumBoundaryLength + 1)
        let structure = MessageStructure(parsing: stored("Content-Type: multipart/mixed; boundary=\(boundary)\n\n--\(boundary)\n\nx\n"))
        #expect(structure.message.fields.contentType == .plainText && structure.message.content == .single)
    }

    @Test("NUL bytes, CR-only line ends, binary garbage and a header without an end parse to something whole",
          arguments: [
            [UInt8](repeating: 0, count: 4096),
            Array("Subject: old mac\rline ends\r\rbody\r".utf8),
            (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) },
            Array("From: a@b.test\nSubject: never ends".utf8),
            Array("\n\n\n".utf8),
            Array("--\n--\n--".utf8),
          ])
    func garbage(message: [UInt8]) throws {
        let structure = MessageStructure(parsing: message)
        #expect(structure.size.count == message.count)
        #expect(structure.message.body.range.upperBound == message.count)
        #expect(try MessageStructure(serialized: structure.serialized()) == structure)
    }

    @Test("Lines of 1 MiB that start like delimiters are compared once each; any line starting with the delimiter is one")
    func enormousDelimiterLines() {
        let long = String(repeating: "-", count: 1 << 20)
        let message = stored("""
            Content-Type: multipart/mixed; boundary=boundary

            --boundary

            \(long)
            --bound\(long)
            --boundary--\(long)
            epilogue

            """)
        let structure = MessageStructure(parsing: message)
        #expect(Self.children(structure).count == 1)
        #expect(structure.slice([1], in: message) == "\(long)\n--bound\(long)")
    }

    @Test("A message stored with LF parses into its CRLF form's structure, mixed line ends and lone CRs too",
          arguments: SerializationTests.messages + [
              "Content-Type: multipart/mixed; boundary=b\r\n\n--b\n\r\none\r\n--b--\n", "a\rb\n\r\n\rc", "\n\n\n",
              "Subject: folded\n\tline\r\n\nbody\rwith lone CR\n",
          ])
    func crlfForm(text: String) {
        let asStored = Array(text.utf8)
        var crlf: [UInt8] = []
        for (offset, byte) in asStored.enumerated() {
            if byte == 0x0A, offset == 0 || asStored[offset - 1] != 0x0D { crlf.append(0x0D) }
            crlf.append(byte)
        }
        #expect(MessageStructure(parsingIntoCRLFForm: asStored) == MessageStructure(parsing: crlf))
    }

    @Test("Mixed LF and CRLF line ends in one message")
    func mixedLineEnds() {
        let message = Array("Content-Type: multipart/mixed; boundary=b\r\n\n--b\n\r\none\r\n--b--\n".utf8)
        let structure = MessageStructure(parsing: message)
        #expect(structure.slice([1], in: message) == "one")
        #expect(structure.size.crlfSize == message.count + 3)
    }
}
