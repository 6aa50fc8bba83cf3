import NIOCore
import Testing

@testable import IMAPProtocol

private func date(_ year: Int, _ month: Int, _ day: Int) -> IMAPDate { IMAPDate(year: year, month: month, day: day)! }
private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// SEARCH (RFC 9051 §6.4.4, RFC 3501 §6.4.4, ESEARCH RFC 4731, SEARCHRES RFC 5182) and FETCH
/// (RFC 9051 §6.4.5, BINARY RFC 3516).
@Suite("IMAP SEARCH and FETCH grammar")
struct SearchFetchParsingTests {
    static let searches: [(String, SearchCommand, Bool)] = [
        ("A282 SEARCH RETURN (MIN COUNT) FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"",                         // §6.4.4
         SearchCommand(returnOptions: [.min, .count], criteria: [.flagged, .since(date(1994, 2, 1)), .not(.from(bytes("Smith")))]), false),
        ("A283 SEARCH RETURN () FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"",
         SearchCommand(returnOptions: [], criteria: [.flagged, .since(date(1994, 2, 1)), .not(.from(bytes("Smith")))]), false),
        ("A284 SEARCH TEXT \"string not in mailbox\"", SearchCommand(criteria: [.text(bytes("string not in mailbox"))]), false),
        ("A282 SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"",                                               // RFC 3501
         SearchCommand(criteria: [.flagged, .since(date(1994, 2, 1)), .not(.from(bytes("Smith")))]), false),
        ("A285 SEARCH CHARSET UTF-8 TEXT {12+}\r\nотпуск",
         SearchCommand(charset: "UTF-8", criteria: [.text(bytes("отпуск"))]), false),
        ("A301 UID SEARCH RETURN (SAVE) FLAGGED SINCE \"1-Feb-1994\"",                                            // RFC 5182 §2.4
         SearchCommand(returnOptions: [.save], criteria: [.flagged, .since(date(1994, 2, 1))]), true),
        ("A302 UID SEARCH UID $ SMALLER 4096", SearchCommand(criteria: [.uid(.lastCommand), .smaller(4096)]), true),
        ("A303 SEARCH OR (SEEN FLAGGED) NOT 2:4,*:10 LARGER 100",
         SearchCommand(criteria: [
             .or(.and([.seen, .flagged]), .not(.sequenceSet(.ranges([
                 SequenceRange(.number(2), .number(4)), SequenceRange(.last, .number(10)),
             ])))),
             .larger(100),
         ]), false),
        ("A304 SEARCH ALL ANSWERED DELETED DRAFT FLAGGED NEW OLD RECENT SEEN UNANSWERED UNDELETED UNDRAFT UNFLAGGED UNSEEN",
         SearchCommand(criteria: [.all, .answered, .deleted, .draft, .flagged, .new, .old, .recent, .seen, .unanswered,
                                  .undeleted, .undraft, .unflagged, .unseen]), false),
        ("A305 SEARCH BCC a BODY b CC c SUBJECT \"\" TO e KEYWORD $Junk UNKEYWORD $NotJunk HEADER Message-ID <x@y>",
         SearchCommand(criteria: [.bcc(bytes("a")), .body(bytes("b")), .cc(bytes("c")), .subject([]), .to(bytes("e")),
                                  .keyword("$Junk"), .unkeyword("$NotJunk"), .header("Message-ID", bytes("<x@y>"))]), false),
        ("A306 SEARCH BEFORE 31-Dec-1999 ON 29-Feb-2000 SENTBEFORE 1-jan-2001 SENTON 2-Jan-2001 SENTSINCE 3-JAN-2001",
         SearchCommand(criteria: [.before(date(1999, 12, 31)), .on(date(2000, 2, 29)), .sentBefore(date(2001, 1, 1)),
                                  .sentOn(date(2001, 1, 2)), .sentSince(date(2001, 1, 3))]), false),
        ("A307 SEARCH $", SearchCommand(criteria: [.sequenceSet(.lastCommand)]), false),
        ("A308 SEARCH CHARSET \"ISO-8859-1\" ALL", SearchCommand(charset: "ISO-8859-1", criteria: [.all]), false),
        ("A309 SEARCH CHARSET \"x]y\" ALL", SearchCommand(charset: "x]y", criteria: [.all]), false),
    ]

    @Test("SEARCH examples parse and round-trip", arguments: searches)
    func search(line: String, expected: SearchCommand, byUID: Bool) {
        let tag = String(line.prefix { $0 != " " })
        let command = TaggedCommand(tag: tag, command: .search(expected, byUID: byUID))
        #expect(parseOne(line) == .command(command))
        #expect(reparsed(command) == [.command(command)], "\(wire(command))")
    }

    @Test("Dates that do not exist, unknown keys and bad RETURN options are BAD", arguments: [
        "A1 SEARCH ON 29-Feb-1900", "A1 SEARCH ON 31-Apr-2000", "A1 SEARCH ON 1-Foo-2000", "A1 SEARCH ON 1-Jan-99",
        "A1 SEARCH FROBNICATE", "A1 SEARCH RETURN (PARTIAL 1:5) ALL", "A1 SEARCH OR SEEN", "A1 SEARCH (SEEN",
        "A1 SEARCH SEEN)", "A1 SEARCH ()", "A1 SEARCH HEADER \"Sub:ject\" x", "A1 SEARCH LARGER -1", "A1 SEARCH UID",
        "A1 SEARCH KEYWORD \\Seen", "A1 SEARCH CHARSET", "A1 SEARCH NOT  SEEN",
    ])
    func invalidSearch(line: String) throws {
        let error = try #require(parseOne(line)?.error)
        #expect(error.tag == "A1" && error.status == .bad)
    }

    static let fetches: [(String, [FetchAttribute])] = [
        ("a003 fetch 12 full", FetchAttribute.fullMacro),                                                            // §8
        ("a004 fetch 12 body[header]", [.bodySection(SectionSpecifier(kind: .header)!, partial: nil, peek: false)]),
        ("A654 FETCH 12 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])",                                                    // §6.4.5
         [.flags, .bodySection(SectionSpecifier(kind: .headerFields(["DATE", "FROM"]))!, partial: nil, peek: false)]),
        ("A1 FETCH 12 ALL", FetchAttribute.allMacro),
        ("A1 FETCH 12 FAST", FetchAttribute.fastMacro),
        ("A1 FETCH 12 (UID RFC822.SIZE INTERNALDATE ENVELOPE BODY BODYSTRUCTURE RFC822 RFC822.HEADER RFC822.TEXT)",
         [.uid, .rfc822Size, .internalDate, .envelope, .body, .bodyStructure, .rfc822, .rfc822Header, .rfc822Text]),
        ("A1 FETCH 12 BODY.PEEK[1.2.HEADER.FIELDS.NOT (Received \"X-Spam\")]<0.2048>",
         [.bodySection(SectionSpecifier(part: [1, 2], kind: .headerFieldsNot(["Received", "X-Spam"]))!,
                       partial: Partial(offset: 0, length: 2048), peek: true)]),
        ("A1 FETCH 12 (BODY[] BODY[TEXT] BODY[3] BODY[3.MIME] BODY[4.1.TEXT]<100.5>)",
         [.bodySection(.complete, partial: nil, peek: false), .bodySection(SectionSpecifier(kind: .text)!, partial: nil, peek: false),
          .bodySection(SectionSpecifier(part: [3])!, partial: nil, peek: false),
          .bodySection(SectionSpecifier(part: [3], kind: .mime)!, partial: nil, peek: false),
          .bodySection(SectionSpecifier(part: [4, 1], kind: .text)!, partial: Partial(offset: 100, length: 5), peek: false)]),
        ("A1 FETCH 12 (BINARY.PEEK[1]<0.1024> BINARY[] BINARY.SIZE[2.1])",                                          // RFC 3516 §4.2
         [.binary(part: [1], partial: Partial(offset: 0, length: 1024), peek: true), .binary(part: [], partial: nil, peek: false),
          .binarySize(part: [2, 1])]),
    ]

    @Test("FETCH examples parse and round-trip", arguments: fetches)
    func fetch(line: String, attributes: [FetchAttribute]) {
        let tag = String(line.prefix { $0 != " " })
        let command = TaggedCommand(tag: tag, command: .fetch(FetchCommand(sequence: .single(12), attributes: attributes)))
        #expect(parseOne(line) == .command(command))
        #expect(reparsed(command) == [.command(command)], "\(wire(command))")
    }

    @Test("Sequence sets: `*`, `$`, ranges in either order (RFC 9051 §9)")
    func sequenceSets() {
        let set = SequenceSet.ranges([SequenceRange(.number(4), .number(2)), SequenceRange(.last), SequenceRange(.last, .number(7))])
        #expect(parseOne("A1 FETCH 4:2,*,*:7 UID") == .command(TaggedCommand(
            tag: "A1", command: .fetch(FetchCommand(sequence: set, attributes: [.uid])))))
        #expect(SequenceRange(.number(4), .number(2)).resolved(last: 10) == 2...4)
        #expect(SequenceRange(.last, .number(7)).resolved(last: 5) == 5...7)
        #expect(set.description == "4:2,*,*:7")
        #expect(parseOne("A1 FETCH $ (FLAGS)") == .command(TaggedCommand(
            tag: "A1", command: .fetch(FetchCommand(sequence: .lastCommand, attributes: [.flags])))))
        #expect(parseOne("A1 FETCH $,1 FLAGS")?.error != nil)
    }
}
