import IMAPMailbox
import IMAPProtocol
import MailIndex
import MailMessage
import NIOCore
import Testing

/// FETCH items from the index row, the parsed structure and the content (RFC 9051 §6.4.5, §7.5.2; RFC 3501
/// §6.4.5 RFC822.*; BINARY RFC 3516).
@Suite("IMAP FETCH items")
struct FetchPlanTests {
    static let mime = Fixtures.mime
    static let lines = Fixtures.mimeLines

    /// Lines `range` of the MIME fixture, each ending in CRLF.
    static func text(_ range: Range<Int>) -> String {
        lines[range].map { $0 + "\r\n" }.joined()
    }

    private static func section(_ part: [Int] = [], _ kind: SectionSpecifier.Kind = .complete) -> SectionSpecifier {
        SectionSpecifier(part: part, kind: kind)!
    }

    /// The single item `attribute` gives for the fixture.
    private static func item(_ attribute: FetchAttribute, content: [UInt8] = mime) throws -> FetchItem {
        let plan = FetchPlan([attribute], byUID: false)
        let items = try plan.items(for: Fixtures.message(7, size: Int64(content.count)), flags: MessageFlags(),
                                   structure: MessageStructure(parsing: content), content: content).get()
        return try #require(items.first)
    }

    /// The data of a section item, as text; nil for NIL.
    private static func data(_ attribute: FetchAttribute, content: [UInt8] = mime) throws -> String? {
        switch try item(attribute, content: content) {
        case .bodySection(_, _, let data), .binary(_, _, let data), .rfc822(let data), .rfc822Header(let data),
             .rfc822Text(let data):
            return data.map { String(buffer: $0) }
        default:
            Issue.record("not a section item")
            return nil
        }
    }

    @Test("RFC 9051 §6.4.9: UID FETCH includes UID, first; items asked twice are answered once")
    func uidAdded() {
        #expect(FetchPlan([.flags, .flags], byUID: true).attributes == [.uid, .flags])
        #expect(FetchPlan([.flags, .uid], byUID: true).attributes == [.flags, .uid])
        #expect(FetchPlan([.flags], byUID: false).attributes == [.flags])
    }

    @Test("What the driver loads: the index row alone, the structure, the content", arguments: [
        ([FetchAttribute.flags, .uid, .internalDate, .rfc822Size], false, false),
        ([.envelope], true, false), ([.bodyStructure], true, false), ([.body], true, false),
        ([.bodySection(.complete, partial: nil, peek: true)], false, true), ([.rfc822], false, true),
        ([.bodySection(SectionSpecifier(kind: .header)!, partial: nil, peek: true)], true, true),
        ([.binarySize(part: [1])], true, true), ([.rfc822Header], true, true),
    ])
    func needs(attributes: [FetchAttribute], structure: Bool, content: Bool) {
        let plan = FetchPlan(attributes, byUID: false)
        #expect(plan.needsStructure == structure)
        #expect(plan.needsContent == content)
    }

    @Test("RFC 9051 §6.4.5: BODY[], BINARY[], RFC822, RFC822.TEXT set \\Seen; .PEEK, RFC822.HEADER and EXAMINE do not",
          arguments: [
              (FetchAttribute.bodySection(.complete, partial: nil, peek: false), true),
              (.bodySection(.complete, partial: nil, peek: true), false),
              (.binary(part: [1], partial: nil, peek: false), true),
              (.binary(part: [1], partial: nil, peek: true), false), (.rfc822, true), (.rfc822Text, true),
              (.rfc822Header, false), (.binarySize(part: [1]), false), (.envelope, false),
          ])
    func seen(attribute: FetchAttribute, sets: Bool) {
        #expect(FetchPlan([attribute, .flags], byUID: false).setsSeen(readOnly: false) == sets)
        #expect(!FetchPlan([attribute], byUID: false).setsSeen(readOnly: true))
    }

    @Test("RFC 9051 §7.5.2: UID, FLAGS (after the \\Seen change), RFC822.SIZE, INTERNALDATE in the zone")
    func indexItems() throws {
        let message = Fixtures.message(4827313, .deleted, keywords: ["$Forwarded"], size: 4286)
        let flags = MessageFlags(system: [.deleted, .seen], keywords: ["$Forwarded"])
        let utc = try FetchPlan([.uid, .flags, .rfc822Size, .internalDate], byUID: false)
            .items(for: message, flags: flags, structure: nil, content: nil).get()
        let date = InternalDateZone.utc.dateTime(837_570_205)
        #expect(utc == [
            .uid(4827313), .flags([.deleted, .seen, .keyword("$Forwarded")]), .rfc822Size(4286), .internalDate(date),
        ])
        #expect(date.description == "\"17-Jul-1996 02:23:25 +0000\"")
        let pacific = InternalDateZone(minutesEast: -420).dateTime(837_570_205)
        #expect(pacific.description == "\"16-Jul-1996 19:23:25 -0700\"")
        #expect(pacific.secondsSince1970 == 837_570_205)
    }

    @Test("INTERNALDATE conversion round-trips across eras, leap days and the clamps", arguments: [
        Int64(0), -1, 951_782_400, 4_107_542_400, -2_208_988_800, 253_402_300_799, Int64.max, Int64.min,
    ])
    func dateConversion(seconds: Int64) {
        for zone in [InternalDateZone.utc, InternalDateZone(minutesEast: 330), InternalDateZone(minutesEast: -5000)] {
            let converted = zone.dateTime(seconds)
            if (-62_167_132_800...253_402_214_399).contains(seconds) { #expect(converted.secondsSince1970 == seconds) }
            #expect((0...9999).contains(converted.date.year))
        }
    }

    @Test("RFC 9051 §7.5.2: ENVELOPE, BODY and BODYSTRUCTURE come from the structure")
    func structureItems() throws {
        let structure = MessageStructure(parsing: Self.mime)
        #expect(try Self.item(.envelope) == .envelope(structure.envelope))
        #expect(try Self.item(.body) == .bodyStructure(structure.bodyStructure, extensible: false))
        #expect(try Self.item(.bodyStructure) == .bodyStructure(structure.bodyStructure, extensible: true))
    }

    @Test("RFC 9051 §6.4.5: BODY[section] of the message and its parts", arguments: [
        (section(), Array(Fixtures.mimeLines.indices)),
        (section([], .header), Array(0..<11)), (section([], .text), Array(11..<27)),
        (section([1]), [15]), (section([1], .mime), Array(12..<15)), (section([2]), [20]),
        (section([3], .mime), Array(22..<25)),
    ])
    func sections(section: SectionSpecifier, lines: [Int]) throws {
        var expected = lines.map { Self.lines[$0] + "\r\n" }.joined()
        // A body part ends before the line end that precedes its boundary (RFC 2046 §5.1.1).
        if !section.part.isEmpty, section.kind == .complete { expected.removeLast() }  // "\r\n" is one Character
        if section == .complete { expected = String(decoding: Self.mime, as: UTF8.self) }
        #expect(try Self.data(.bodySection(section, partial: nil, peek: true)) == expected)
    }

    @Test("RFC 9051 §6.4.5: HEADER.FIELDS matches names without case, keeps message order and the blank line")
    func headerFields() throws {
        let fields = try Self.data(.bodySection(Self.section([], .headerFields(["x-ODD", "SUBJECT", "Absent"])),
                                                partial: nil, peek: true))
        #expect(fields == Self.lines[2] + "\r\n" + Self.lines[5] + "\r\n" + Self.lines[7] + "\r\n\r\n")
        let excluded = ["X-Odd", "content-type", "mime-version", "message-id", "date", "from", "to", "cc"]
        let others = try Self.data(.bodySection(Self.section([], .headerFieldsNot(excluded)), partial: nil, peek: true))
        #expect(others == Self.lines[2] + "\r\n\r\n")
        // Odd field names match nothing and still give the blank line.
        let odd = try Self.data(.bodySection(Self.section([], .headerFields(["X-Odd\u{0}", "é", "X-Odd:", " "])),
                                             partial: nil, peek: true))
        #expect(odd == "\r\n")
    }

    @Test("RFC 9051 §6.4.5: partial fetches: origin and length; an origin past the end is the empty string",
          arguments: [
              (Partial(offset: 0, length: 4)!, "Date"), (Partial(offset: 6, length: 3)!, "Wed"),
              (Partial(offset: UInt64(Fixtures.mime.count) - 2, length: 10)!, "\r\n"),
              (Partial(offset: UInt64(Fixtures.mime.count), length: 1)!, ""),
              (Partial(offset: 4_294_967_296, length: 4_294_967_296)!, ""),
              (Partial(offset: UInt64.max, length: UInt64.max)!, ""), (Partial(offset: 0, length: UInt64.max)!, nil),
          ])
    func partial(partial: Partial, expected: String?) throws {
        let item = try Self.item(.bodySection(.complete, partial: partial, peek: true))
        guard case .bodySection(_, let origin, let data) = item else {
            Issue.record("\(item)")
            return
        }
        #expect(origin == partial.offset)
        #expect(data.map { String(buffer: $0) } == (expected ?? String(decoding: Self.mime, as: UTF8.self)))
    }

    @Test("Sections that do not exist are NIL: a part past the last, HEADER of a non-message part",
          arguments: [section([4]), section([1], .header), section([1], .text), section([9, 9, 9]),
                      section([Int.max]), section([1, 1]), section([2], .headerFields(["From"]))])
    func missingSections(section: SectionSpecifier) throws {
        #expect(try Self.data(.bodySection(section, partial: Partial(offset: 1, length: 1), peek: true)) == nil)
    }

    @Test("RFC 3516 §4.2: BINARY undoes the transfer encoding; BINARY.SIZE is the decoded size")
    func binary() throws {
        #expect(try Self.item(.binary(part: [2], partial: nil, peek: true))
            == .binary(part: [2], origin: nil, data: ByteBuffer(bytes: [0, 1, 2, 3])))
        #expect(try Self.item(.binary(part: [2], partial: Partial(offset: 1, length: 2), peek: false))
            == .binary(part: [2], origin: 1, data: ByteBuffer(bytes: [1, 2])))
        #expect(try Self.item(.binarySize(part: [2])) == .binarySize(part: [2], size: 4))
        let gb18030 = Charset("GB18030")!
        let text = try #require(try Self.data(.binary(part: [1], partial: nil, peek: true)))
        #expect(gb18030.decode(Array(text.utf8)).isEmpty == false)
        #expect(try Self.item(.binarySize(part: [1])) == .binarySize(part: [1], size: 44))
        #expect(try Self.item(.binary(part: [7], partial: nil, peek: true))
            == .binary(part: [7], origin: nil, data: nil))
    }

    @Test("RFC 3516 §4.3: BINARY of a part in an unknown transfer encoding is NO [UNKNOWN-CTE]",
          arguments: [FetchAttribute.binary(part: [3], partial: nil, peek: true), .binarySize(part: [3])])
    func unknownEncoding(attribute: FetchAttribute) {
        let result = FetchPlan([.uid, attribute], byUID: false).items(
            for: Fixtures.message(1), flags: MessageFlags(), structure: nil, content: Self.mime)
        guard case .failure(let error) = result else {
            Issue.record("\(result)")
            return
        }
        #expect(error.code == .unknownTransferEncoding)
        #expect(error.responseCode == .unknownCTE)
    }

    @Test("RFC 3501 §6.4.5: RFC822 is BODY[], RFC822.HEADER is BODY.PEEK[HEADER], RFC822.TEXT is BODY[TEXT]")
    func rfc822Items() throws {
        #expect(try Self.item(.rfc822) == .rfc822(ByteBuffer(bytes: Self.mime)))
        #expect(try Self.item(.rfc822Header) == .rfc822Header(ByteBuffer(string: Self.text(0..<11))))
        #expect(try Self.item(.rfc822Text) == .rfc822Text(ByteBuffer(string: Self.text(11..<27))))
    }

    @Test("RFC 9051 §2.3.4: content stored with LF line ends is sent with CRLF, as RFC822.SIZE counts it")
    func lineFeedContent() throws {
        let stored = Array(Self.lines.joined(separator: "\n").utf8)
        #expect(try Self.data(.bodySection(.complete, partial: nil, peek: true), content: stored)
            == String(decoding: Self.mime, as: UTF8.self))
        #expect(try Self.data(.bodySection(Self.section([1], .mime), partial: nil, peek: true), content: stored)
            == Self.text(12..<15))
        #expect(try Self.data(.rfc822Header, content: stored) == Self.text(0..<11))
        // CRLF lines first and bare LF ones after them, a bare LF first, a CR alone: each LF without its CR gets one.
        let mixed = Array((Self.lines[..<3].joined(separator: "\r\n") + "\r\n" + Self.lines[3...].joined(separator: "\n")).utf8)
        #expect(try Self.data(.bodySection(.complete, partial: nil, peek: true), content: mixed)
            == String(decoding: Self.mime, as: UTF8.self))
        #expect(try Self.data(.bodySection(.complete, partial: nil, peek: true), content: Array("\nA: b\r\rc\n".utf8))
            == "\r\nA: b\r\rc\r\n")
    }

    @Test("Hostile input: an empty message and a header without a body answer every item without failing")
    func emptyMessage() throws {
        let attributes: [FetchAttribute] = [
            .envelope, .bodyStructure, .body, .bodySection(.complete, partial: nil, peek: false),
            .bodySection(Self.section([], .header), partial: nil, peek: true),
            .bodySection(Self.section([1]), partial: nil, peek: true),
            .bodySection(Self.section([], .headerFields(["From"])), partial: Partial(offset: 4_294_967_296, length: 1),
                         peek: true),
            .binary(part: [1], partial: nil, peek: true), .binarySize(part: [1]), .rfc822, .rfc822Header, .rfc822Text,
        ]
        for content in [[], Array("Subject: x".utf8), Array("\n\n\n".utf8), [0x00, 0xFF, 0x0D]] {
            let items = try FetchPlan(attributes, byUID: true).items(
                for: Fixtures.message(1), flags: MessageFlags(), structure: nil, content: content).get()
            #expect(items.count == attributes.count + 1)
        }
    }

    @Test("The driver's bug, no structure or content where the plan needs them, is [SERVERBUG], not a crash")
    func missingData() {
        let result = FetchPlan([.envelope, .rfc822], byUID: false).items(
            for: Fixtures.message(1), flags: MessageFlags(), structure: nil, content: nil)
        guard case .failure(let error) = result else {
            Issue.record("\(result)")
            return
        }
        #expect(error.code == .missingData)
        #expect(error.responseCode == .serverBug)
    }
}

/// ENVELOPE, BODY and BODYSTRUCTURE kept in their wire form (``EncodedStructure``), as FETCH sends them
/// from the index once a message was fetched.
@Suite("IMAP FETCH items from kept wire forms")
struct EncodedStructureTests {
    static let eightBit = Array("From: Jörg Müller <j@example.test>\r\nSubject: Grüße aus Köln\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHallo\r\n".utf8)

    static func wire(_ items: [FetchItem], _ options: ResponseEncodingOptions) -> String {
        var buffer = ByteBuffer()
        UntaggedResponse.fetch(1, items).write(into: &buffer, options: options)
        return String(buffer: buffer)
    }

    @Test("the kept bytes are what the parsed structure gives, for 7-bit and for UTF-8 sessions", arguments: [false, true])
    func keptEqualsParsed(utf8: Bool) throws {
        let options = ResponseEncodingOptions(utf8Accepted: utf8)
        let plan = FetchPlan([.uid, .flags, .envelope, .body, .bodyStructure], byUID: false)
        #expect(plan.structureIsEncodable)
        for content in [Fixtures.mime, Fixtures.plain, Self.eightBit] {
            let structure = MessageStructure(parsing: content)
            let made = EncodedStructure(envelope: structure.envelope, bodyStructure: structure.bodyStructure, options: options)
            let kept = try #require(EncodedStructure(serialized: made.serialized()))
            #expect(kept == made)
            let message = Fixtures.message(7, size: Int64(content.count))
            let parsed = try plan.items(for: message, flags: MessageFlags(), structure: structure, content: nil).get()
            let fromKept = try plan.items(for: message, flags: MessageFlags(), structure: nil, encoded: kept, content: nil).get()
            #expect(Self.wire(fromKept, options) == Self.wire(parsed, options))
        }
    }

    @Test("a plan that needs sections of the structure reads the parsed one")
    func sectionsNeedTheParsedStructure() {
        #expect(!FetchPlan([.envelope, .rfc822Header], byUID: false).structureIsEncodable)
        #expect(!FetchPlan([.bodyStructure, .binarySize(part: [1])], byUID: false).structureIsEncodable)
        #expect(FetchPlan([.bodyStructure, .bodySection(.complete, partial: nil, peek: true)], byUID: false).structureIsEncodable)
        #expect(!FetchPlan([.flags, .uid], byUID: false).structureIsEncodable)
    }

    @Test("a blob cut short, lengthened, or of another version is not read")
    func damagedBlobsRefused() {
        let structure = MessageStructure(parsing: Fixtures.mime)
        let blob = EncodedStructure(envelope: structure.envelope, bodyStructure: structure.bodyStructure,
                                    options: ResponseEncodingOptions()).serialized()
        #expect(EncodedStructure(serialized: Array(blob.dropLast())) == nil)
        #expect(EncodedStructure(serialized: blob + [0]) == nil)
        #expect(EncodedStructure(serialized: [0x45, 0x53, 2] + blob.dropFirst(3)) == nil)
        #expect(EncodedStructure(serialized: []) == nil)
    }
}
