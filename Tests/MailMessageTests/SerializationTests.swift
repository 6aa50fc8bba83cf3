@testable import MailMessage
import Testing

@Suite("The serialized structure the index keeps")
struct SerializationTests {
    static let messages: [String] = [
        MultipartTests.rfc2046Example, SectionTests.example, BodyStructureTests.message, RealWorldTests.outlook,
        RealWorldTests.foxmail, RealWorldTests.thunderbird, "", "no header at all", "Subject: x\n\n",
    ]

    @Test("Every fixture reads back equal and serializes again to the same bytes", arguments: messages)
    func roundTrip(text: String) throws {
        for lineEnd in LineEnd.allCases {
            let structure = MessageStructure(parsing: stored(text, lineEnd))
            let bytes = structure.serialized()
            let decoded = try MessageStructure(serialized: bytes)
            #expect(decoded == structure)
            #expect(decoded.serialized() == bytes)
            #expect(decoded.bodyStructure == structure.bodyStructure)
        }
    }

    @Test("The ENVELOPE alone reads back as the whole structure's (SEARCH FROM, SUBJECT)", arguments: messages)
    func envelopeAlone(text: String) throws {
        for lineEnd in LineEnd.allCases {
            let structure = MessageStructure(parsing: stored(text, lineEnd))
            let bytes = structure.serialized()
            #expect(try MessageStructure.envelope(serialized: bytes) == structure.envelope)
            #expect(throws: StructureDecodingError.self) { try MessageStructure.envelope(serialized: bytes.prefix(10)) }
        }
    }

    @Test("Another magic or version is refused")
    func version() {
        var bytes = MessageStructure(parsing: stored("Subject: x\n\n")).serialized()
        bytes[2] = 2
        #expect(throws: StructureDecodingError(code: .unsupportedVersion, offset: 3)) { try MessageStructure(serialized: bytes) }
        #expect(throws: StructureDecodingError.self) { try MessageStructure(serialized: [UInt8]()) }
    }

    @Test("Every truncation throws; trailing bytes throw")
    func truncation() throws {
        let bytes = MessageStructure(parsing: stored(SectionTests.example)).serialized()
        for length in 0..<bytes.count {
            #expect(throws: StructureDecodingError.self) { try MessageStructure(serialized: bytes.prefix(length)) }
        }
        #expect(throws: StructureDecodingError(code: .trailingBytes, offset: bytes.count)) {
            try MessageStructure(serialized: bytes + [0])
        }
    }

    @Test("Every single-octet change throws or reads back as exactly the changed bytes")
    func corruption() {
        let bytes = MessageStructure(parsing: stored(BodyStructureTests.message)).serialized()
        var accepted = 0
        for offset in bytes.indices {
            for flip: UInt8 in [0x01, 0x80, 0xFF] {
                var damaged = bytes
                damaged[offset] ^= flip
                guard let decoded = try? MessageStructure(serialized: damaged) else { continue }
                accepted += 1
                #expect(decoded.serialized() == damaged)
            }
        }
        #expect(accepted < bytes.count * 3)
    }

    static func part(_ header: Range<Int>, _ body: Range<Int>, _ content: MessagePart.Content = .single,
                     type: ContentType = .plainText, envelope: Envelope? = nil) -> MessagePart {
        MessagePart(
            header: ByteSpan(range: header, lines: 0, bareLineFeeds: 0), body: ByteSpan(range: body, lines: 0, bareLineFeeds: 0),
            fields: MIMEFields(contentType: type), content: content, envelope: envelope)
    }

    static let multipart = ContentType(type: "multipart", subtype: "mixed")

    @Test("Structures the parser cannot make are refused: not a tree, spans outside, types against content", arguments: [
        [part(0..<0, 0..<20, .multipart([0]), type: multipart, envelope: Envelope())],
        [part(0..<0, 0..<20, .multipart([1, 1]), type: multipart, envelope: Envelope()), part(0..<0, 0..<5)],
        [part(0..<0, 0..<20, .multipart([2]), type: multipart, envelope: Envelope()), part(0..<0, 0..<5), part(0..<0, 0..<5)],
        [part(0..<0, 0..<20, .multipart([1]), type: multipart, envelope: Envelope()), part(5..<6, 6..<30)],
        [part(0..<0, 0..<20, .multipart([1]), type: .plainText, envelope: Envelope()), part(5..<6, 6..<10)],
        [part(0..<0, 0..<20, .multipart([]), type: multipart, envelope: Envelope())],
        [part(0..<0, 0..<20, .single, type: multipart, envelope: Envelope())],
        [part(0..<0, 0..<20, .encapsulatedMessage(1), type: .rfc822Message, envelope: Envelope()), part(0..<2, 2..<20)],
        [part(0..<0, 0..<20, .encapsulatedMessage(1), type: .rfc822Message, envelope: Envelope()),
         part(1..<2, 2..<20, envelope: Envelope())],
        [part(0..<0, 0..<20, .multipart([1]), type: multipart, envelope: Envelope()), part(5..<6, 6..<10, envelope: Envelope())],
        [part(0..<0, 0..<20)],
        [part(0..<0, 0..<19, envelope: Envelope())],
        [part(0..<0, 0..<20, .multipart([1, 2]), type: multipart, envelope: Envelope()), part(5..<6, 6..<10), part(7..<8, 8..<12)],
    ])
    func inconsistent(parts: [MessagePart]) {
        let bytes = MessageStructure(parts: parts, size: ByteSpan(range: 0..<20, lines: 0, bareLineFeeds: 0)).serialized()
        #expect(throws: StructureDecodingError.self) { try MessageStructure(serialized: bytes) }
    }

    @Test("A structure deeper than MIMELimits.maximumDepth is refused, so BODYSTRUCTURE's recursion stays bounded")
    func tooDeep() {
        let depth = MIMELimits.maximumDepth + 1
        let parts = (0...depth).map { level in
            level == depth
                ? Self.part(level..<level, level..<100)
                : Self.part(level..<level, level..<100, .multipart([level + 1]), type: Self.multipart,
                            envelope: level == 0 ? Envelope() : nil)
        }
        let bytes = MessageStructure(parts: parts, size: ByteSpan(range: 0..<100, lines: 0, bareLineFeeds: 0)).serialized()
        #expect(throws: StructureDecodingError(code: .inconsistent, offset: bytes.count)) { try MessageStructure(serialized: bytes) }
    }

    @Test("Numbers must be in their shortest form, flags 0 or 1, counts within the bytes left")
    func canonicalPrimitives() throws {
        var reader = StructureReader([0x80, 0x00])
        #expect(throws: StructureDecodingError.self) { try reader.number() }
        reader = StructureReader([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F])
        #expect(throws: StructureDecodingError.self) { try reader.number() }
        reader = StructureReader([2])
        #expect(throws: StructureDecodingError.self) { try reader.flag() }
        reader = StructureReader([0x7F])
        #expect(throws: StructureDecodingError.self) { try reader.count() }
        reader = StructureReader([0xAC, 0x02])
        #expect(try reader.number() == 300)
    }
}
