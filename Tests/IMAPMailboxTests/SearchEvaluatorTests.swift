import IMAPMailbox
import IMAPProtocol
import MailIndex
import MailMessage
import Testing

/// SEARCH matching (RFC 9051 §6.4.4, RFC 3501 §6.4.4) and its responses (ESEARCH RFC 4731, SEARCHRES
/// RFC 5182).
@Suite("IMAP SEARCH evaluation")
struct SearchEvaluatorTests {
    /// The folder's index rows, in sequence order.
    static let rows = [
        Fixtures.message(3, .seen, keywords: ["$Forwarded"], size: 2000, internalDate: 837_570_205),
        Fixtures.message(5, [.deleted, .flagged], size: 100, internalDate: 837_500_000),
        Fixtures.message(9, [], size: 500, internalDate: 900_000_000),
    ]
    static let list = Fixtures.list(rows)

    private static func evaluator(_ keys: [SearchKey], charset: String? = nil, byUID: Bool = false,
                                  saved: [UInt32]? = nil,
                                  zone: InternalDateZone = .utc) throws(SearchError) -> SearchEvaluator {
        try SearchEvaluator(SearchCommand(charset: charset, criteria: keys), byUID: byUID, in: list, saved: saved,
                            zone: zone)
    }

    /// The UIDs of the list's messages that match, reading the MIME fixture as every message's content.
    private static func matching(_ keys: [SearchKey], charset: String? = nil, saved: [UInt32]? = nil,
                                 content: [UInt8] = Fixtures.mime) throws -> [UInt32] {
        let search = try evaluator(keys, charset: charset, saved: saved)
        let structure = MessageStructure(parsing: content)
        return rows.enumerated().filter { index, message in
            search.matches(message, sequence: UInt32(index + 1), structure: structure, content: content)
        }.map(\.element.uid)
    }

    @Test("RFC 9051 §6.4.4: flag keys; NEW and RECENT match nothing and OLD everything without \\Recent",
          arguments: [
              (SearchKey.seen, [UInt32(3)]), (.unseen, [5, 9]), (.deleted, [5]), (.undeleted, [3, 9]),
              (.flagged, [5]), (.answered, []), (.unanswered, [3, 5, 9]), (.draft, []), (.undraft, [3, 5, 9]),
              (.keyword("$forwarded"), [3]), (.unkeyword("$FORWARDED"), [5, 9]), (.new, []), (.recent, []),
              (.old, [3, 5, 9]), (.all, [3, 5, 9]),
          ])
    func flagKeys(key: SearchKey, expected: [UInt32]) throws {
        #expect(try Self.matching([key]) == expected)
        #expect(try Self.evaluator([key]).needs == .index)
    }

    @Test("RFC 9051 §6.4.4: sizes, sequence numbers (beyond EXISTS match nothing), UIDs, `$`, NOT, OR, lists",
          arguments: [
              ([SearchKey.larger(500)], [UInt32(3)]), ([.smaller(500)], [5]), ([.larger(4_000_000_000)], []),
              ([.sequenceSet(.ranges([SequenceRange(.number(2), .last)]))], [5, 9]),
              ([.sequenceSet(.single(7))], []),
              ([.uid(.ranges([SequenceRange(.number(4), .last)]))], [5, 9]),
              ([.uid(.lastCommand)], [9]),
              ([.not(.seen)], [5, 9]), ([.or(.seen, .flagged)], [3, 5]),
              ([.and([.unseen, .not(.deleted)])], [9]), ([.unseen, .smaller(200)], [5]),
          ])
    func setAndLogicKeys(keys: [SearchKey], expected: [UInt32]) throws {
        #expect(try Self.matching(keys, saved: [9, 77]) == expected)
    }

    @Test("RFC 9051 §6.4.4: BEFORE/ON/SINCE take INTERNALDATE's date in the server's zone", arguments: [
        (SearchKey.on(IMAPDate(year: 1996, month: 7, day: 17)!), InternalDateZone.utc, [UInt32(3)]),
        (.on(IMAPDate(year: 1996, month: 7, day: 16)!), InternalDateZone(minutesEast: -7 * 60), [3]),
        (.on(IMAPDate(year: 1996, month: 7, day: 16)!), InternalDateZone.utc, [5]),
        (.before(IMAPDate(year: 1996, month: 7, day: 17)!), .utc, [5]),
        (.since(IMAPDate(year: 1996, month: 7, day: 17)!), .utc, [3, 9]),
    ])
    func internalDates(key: SearchKey, zone: InternalDateZone, expected: [UInt32]) throws {
        let search = try Self.evaluator([key], zone: zone)
        let matched = Self.rows.enumerated().filter {
            search.matches($1, sequence: UInt32($0 + 1), structure: nil, content: nil)
        }.map(\.element.uid)
        #expect(matched == expected)
    }

    @Test("RFC 9051 §6.4.4: SENT* compare the Date: header's date, disregarding time and zone", arguments: [
        (SearchKey.sentOn(IMAPDate(year: 1996, month: 7, day: 17)!), true),
        (.sentBefore(IMAPDate(year: 1996, month: 7, day: 17)!), false),
        (.sentBefore(IMAPDate(year: 1996, month: 7, day: 18)!), true),
        (.sentSince(IMAPDate(year: 1996, month: 7, day: 17)!), true),
        (.sentSince(IMAPDate(year: 1996, month: 7, day: 18)!), false),
    ])
    func sentDates(key: SearchKey, matches: Bool) throws {
        let search = try Self.evaluator([key])
        #expect(search.needs == .structure)
        let structure = MessageStructure(parsing: Fixtures.mime)
        #expect(search.matches(Fixtures.message(1), sequence: 1, structure: structure, content: nil) == matches)
    }

    @Test("RFC 5322 §4.3: obsolete two-digit years in Date: (94 is 1994)")
    func obsoleteYear() throws {
        let search = try Self.evaluator([.sentOn(IMAPDate(year: 1994, month: 2, day: 1)!)])
        let structure = MessageStructure(parsing: Fixtures.plain)
        #expect(search.matches(Fixtures.message(1), sequence: 1, structure: structure, content: nil))
    }

    @Test("RFC 9051 §6.4.4: header keys are case-insensitive substrings of decoded text (RFC 2047 words)",
          arguments: [
              (SearchKey.from(Array("张三".utf8)), true), (.from(Array("ZHANG@EXAMPLE".utf8)), true),
              (.from(Array("klensin".utf8)), false), (.cc(Array("john klensin".utf8)), true),
              (.cc(Array("cnri.reston".utf8)), true), (.to(Array("imap@cac".utf8)), true),
              (.bcc(Array("a".utf8)), false),
              (.subject(Array("会议纪要 imap4REV2".utf8)), true), (.subject(Array("minutes".utf8)), false),
              (.subject([]), true),
          ])
    func headerKeys(key: SearchKey, matches: Bool) throws {
        let search = try Self.evaluator([key], charset: "UTF-8")
        #expect(search.needs == .structure)
        let structure = MessageStructure(parsing: Fixtures.mime)
        #expect(search.matches(Fixtures.message(1), sequence: 1, structure: structure, content: nil) == matches)
    }

    @Test("RFC 9051 §6.4.4: HEADER looks at every field of the name; an empty string asks whether one exists",
          arguments: [
              ("X-ODD", "two", true), ("x-odd", "", true), ("X-Missing", "", false), ("Message-ID", "B27397", true),
              ("Subject", "会议", true), ("X-Odd\u{0}\u{7F}é", "", false), ("", "", false),
          ])
    func headerField(name: String, value: String, matches: Bool) throws {
        let search = try Self.evaluator([.header(name, Array(value.utf8))])
        #expect(search.needs == .content)
        #expect(search.matches(Fixtures.message(1), sequence: 1, structure: nil, content: Fixtures.mime) == matches)
    }

    @Test("RFC 9051 §6.4.4: BODY and TEXT search decoded text parts in their charset, folded (ß, case)",
          arguments: [
              (SearchKey.body(Array("会议纪要 MINUTES".utf8)), true), (.body(Array("STRASSE".utf8)), true),
              (.body(Array("u+HS6bzN".utf8)), false), (.body(Array("begin 644".utf8)), false),
              (.body(Array("summary".utf8)), false), (.text(Array("summary".utf8)), true),
              (.text(Array("of the meeting".utf8)), true), (.text(Array("absent".utf8)), false),
          ])
    func bodyKeys(key: SearchKey, matches: Bool) throws {
        let search = try Self.evaluator([key])
        #expect(search.needs == .content)
        #expect(search.matches(Fixtures.message(1), sequence: 1, structure: nil, content: Fixtures.mime) == matches)
    }

    /// Three text parts: quoted-printable Latin-1 with a soft line break, UTF-8 with a decomposed é, plain text.
    static let threeParts = Array("""
        From: a@example.test\r\nSubject: parts\r\nContent-Type: multipart/mixed; boundary=p\r\n\r\n\
        --p\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
        R=E9union des quarterly fig=\r\nures\r\n\
        --p\r\nContent-Type: text/plain; charset=utf-8\r\n\r\ncafe\u{301} cr\u{E8}me\r\n\
        --p\r\nContent-Type: text/plain\r\n\r\nlast part\r\n--p--\r\n
        """.utf8)

    @Test("RFC 9051 §6.4.4: several BODY keys each find their own part, across a soft line break; a base letter of a decomposed é is not the letter",
          arguments: [
              ([SearchKey.body(Array("QUARTERLY FIGURES".utf8))], true),
              ([.body(Array("last PART".utf8)), .body(Array("réunion".utf8)), .body(Array("café".utf8))], true),
              ([.body(Array("CAFÉ CRÈME".utf8)), .not(.body(Array("absent".utf8)))], true),
              ([.or(.body(Array("absent".utf8)), .body(Array("last".utf8)))], true),
              ([.body(Array("cafe cr".utf8))], false), ([.body(Array("figures last".utf8))], false),
              ([.body(Array("last".utf8)), .body(Array("fig=".utf8))], false),
              ([.text(Array("subject: PARTS".utf8)), .body(Array("".utf8))], true),
          ])
    func severalBodyKeys(keys: [SearchKey], matches: Bool) throws {
        let search = try Self.evaluator(keys, charset: "UTF-8")
        let content = Self.threeParts
        #expect(search.matches(Fixtures.message(1), sequence: 1, structure: nil, content: content) == matches)
    }

    /// A forward: a note, then the original as message/rfc822, whose Subject and From name only are in Latin-1.
    static let forward = Array("""
        From: a@example.test\r\nSubject: Fwd\r\nContent-Type: multipart/mixed; boundary=f\r\n\r\n\
        --f\r\nContent-Type: text/plain\r\n\r\nSee the forwarded mail.\r\n\
        --f\r\nContent-Type: message/rfc822\r\n\r\n\
        From: =?ISO-8859-1?Q?Ren=E9?= <c@example.test>\r\nSubject: =?ISO-8859-1?Q?r=E9union?=\r\n\r\n\
        Nothing but the inner text.\r\n--f--\r\n
        """.utf8)

    @Test("RFC 9051 §6.4.4: BODY matches no header field, a forwarded message's neither; TEXT matches those too",
          arguments: [
              ([SearchKey.body(Array("réunion".utf8))], false), ([.body(Array("René".utf8))], false),
              ([.body(Array("subject".utf8))], false), ([.body(Array("c@example.test".utf8))], false),
              ([.text(Array("réunion".utf8))], true), ([.text(Array("René <c@example".utf8))], true),
              ([.body(Array("INNER TEXT".utf8)), .body(Array("see the forwarded".utf8))], true),
              // TEXT folds the forwarded header first; BODY, after it in the same message, still passes over it.
              ([.text(Array("inner".utf8)), .not(.body(Array("réunion".utf8)))], true),
          ])
    func forwardedHeader(keys: [SearchKey], matches: Bool) throws {
        let search = try Self.evaluator(keys, charset: "UTF-8")
        #expect(search.matches(Fixtures.message(1), sequence: 1, structure: nil, content: Self.forward) == matches)
    }

    static let attachment = Array("""
        From: a@example.test\r\nSubject: papers\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n\
        --b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n\
        --b\r\nContent-Type: application/pdf; name="invoice-2026.pdf"\r\n\
        Content-Disposition: attachment; filename="invoice-2026.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n\
        JVBERi0xLjQK\r\n--b--\r\n
        """.utf8)

    @Test("RFC 9051 §6.4.4: TEXT matches a body part's MIME header fields (an attachment's filename); BODY does not",
          arguments: [
              ([SearchKey.text(Array("invoice-2026".utf8))], true),
              ([.body(Array("invoice-2026".utf8))], false),
              ([.text(Array("application/pdf".utf8))], true),
              ([.body(Array("See attached".utf8))], true),
          ])
    func mimeHeaderFields(keys: [SearchKey], matches: Bool) throws {
        let search = try Self.evaluator(keys, charset: "UTF-8")
        #expect(search.matches(Fixtures.message(1), sequence: 1, structure: nil, content: Self.attachment) == matches)
    }

    @Test("RFC 9051 §6.4.4 CHARSET: a GBK search string finds the GB2312 part; labels of MailMessage's Charset")
    func legacyCharsetString() throws {
        let gbk: [UInt8] = [188, 205, 210, 170]  // 纪要 in GBK
        for label in ["GBK", "gb2312", "GB18030"] {
            #expect(try Self.matching([.body(gbk)], charset: label) == [3, 5, 9])
            #expect(try Self.matching([.subject(gbk)], charset: label) == [3, 5, 9])
        }
        #expect(try Self.matching([.subject(Array("IMAP4REV2".utf8))], charset: "us-ascii") == [3, 5, 9])
    }

    @Test("RFC 9051 §6.4.4: an unknown CHARSET is NO [BADCHARSET (...)] listing what is supported")
    func badCharset() {
        for label in ["X-UNKNOWN", "", "UTF-8\u{0}", String(repeating: "A", count: 1000)] {
            #expect(throws: SearchError.self) { try Self.evaluator([.all], charset: label) }
        }
        let error = #expect(throws: SearchError.self) { try Self.evaluator([.all], charset: "klingon") }
        #expect(error?.code == .badCharset)
        #expect(error?.responseCode == .badCharset(SearchCharsets.advertised))
        #expect(error?.text.contains("klingon") == false)
        // Every charset advertised is one SEARCH takes.
        for name in SearchCharsets.advertised {
            #expect(throws: Never.self) { try Self.evaluator([.all], charset: name) }
        }
    }

    @Test("Hostile input: an empty message, a message without a header, no data where data was needed")
    func hostileMessages() throws {
        let keys: [SearchKey] = [.or(.text(Array("x".utf8)), .header("From", [])), .not(.body([]))]
        let search = try Self.evaluator(keys)
        let contents: [[UInt8]] = [
            [], Array("\r\n\r\n".utf8), Array(repeating: UInt8(ascii: "\n"), count: 1000), [0xFF, 0xFE, 0x00],
        ]
        for content in contents {
            #expect(!search.matches(Fixtures.message(1), sequence: 1, structure: nil, content: content))
        }
        #expect(!search.matches(Fixtures.message(1), sequence: 1, structure: nil, content: nil))
        let sent = try Self.evaluator([.sentSince(IMAPDate(year: 1900, month: 1, day: 1)!)])
        #expect(!sent.matches(Fixtures.message(1), sequence: 1, structure: MessageStructure(parsing: []), content: []))
    }

    // MARK: - Responses

    private static func response(_ returnOptions: [SearchReturnOption]?, byUID: Bool = false,
                                 revision: ResponseEncodingOptions.Revision = .imap4rev1,
                                 positions: [Int] = [0, 2]) throws -> SearchOutcome {
        let command = SearchCommand(returnOptions: returnOptions, criteria: [.all])
        return try SearchEvaluator(command, byUID: byUID, in: list, saved: nil)
            .response(matches: positions, in: list, tag: "A282", revision: revision)
    }

    @Test("RFC 3501 §7.2.5: IMAP4rev1 without RETURN: `* SEARCH` with sequence numbers or UIDs")
    func rev1Search() throws {
        #expect(try Self.response(nil).responses == [.search([1, 3])])
        #expect(try Self.response(nil, byUID: true).responses == [.search([3, 9])])
        #expect(try Self.response(nil, positions: []).responses == [.search([])])
        #expect(try Self.response(nil).saved == nil)
    }

    @Test("RFC 9051 §6.4.4: IMAP4rev2 answers SEARCH with ESEARCH ALL; no match leaves ALL out")
    func rev2Search() throws {
        #expect(try Self.response(nil, revision: .imap4rev2).responses
            == [.esearch(ESearchResponse(tag: "A282", all: UIDSet([1...1, 3...3])))])
        #expect(try Self.response(nil, byUID: true, revision: .imap4rev2, positions: []).responses
            == [.esearch(ESearchResponse(tag: "A282", byUID: true))])
    }

    @Test("RFC 4731 §3.1: MIN MAX COUNT; RETURN () is ALL; ALL compresses ranges")
    func esearchOptions() throws {
        #expect(try Self.response([.min, .max, .count], byUID: true).responses
            == [.esearch(ESearchResponse(tag: "A282", byUID: true, min: 3, max: 9, count: 2))])
        #expect(try Self.response([.count, .min], positions: []).responses
            == [.esearch(ESearchResponse(tag: "A282", count: 0))])
        #expect(try Self.response([], positions: [0, 1, 2]).responses
            == [.esearch(ESearchResponse(tag: "A282", all: UIDSet([1...3])))])
    }

    @Test("RFC 5182 §2.4: SAVE alone writes no ESEARCH; with MIN/MAX only those are saved; UIDs always")
    func searchResultSaving() throws {
        let alone = try Self.response([.save])
        #expect(alone.responses == [])
        #expect(alone.saved == [3, 9])
        #expect(try Self.response([.save, .min]).saved == [3])
        #expect(try Self.response([.max, .save, .min]).saved == [3, 9])
        #expect(try Self.response([.save, .min, .count]).saved == [3, 9])
        #expect(try Self.response([.save], positions: []).saved == [])
        #expect(try Self.response([.save, .max], positions: []).saved == [])
    }
}
