import NIOCore
import Testing

@testable import IMAPProtocol

private let rev1 = ResponseEncodingOptions()
private let rev2 = ResponseEncodingOptions(revision: .imap4rev2)

/// Responses as RFC 9051 §7 and its examples write them, and the IMAP4rev1 differences of RFC 3501 §7.
@Suite("IMAP response encoder")
struct ResponseEncodingTests {
    static let examples: [(ServerResponse, String)] = [
        (.continuation(.text("Ready for literal data")), "+ Ready for literal data\r\n"),
        (.continuation(.challenge("")), "+ \r\n"),
        (.continuation(.challenge("dj02cnJpVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==")),
         "+ dj02cnJpVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==\r\n"),
        (.tagged(TaggedResponse(tag: "a002", status: .ok, code: .readWrite, text: "SELECT completed")),
         "a002 OK [READ-WRITE] SELECT completed\r\n"),
        (.tagged(TaggedResponse(tag: "A003", status: .ok, code: .appendUID(uidValidity: 38505, uids: UIDSet(3955)), text: "APPEND completed")),
         "A003 OK [APPENDUID 38505 3955] APPEND completed\r\n"),
        (.tagged(TaggedResponse(tag: "A003", status: .ok, code: .copyUID(uidValidity: 38505, source: UIDSet([304...304, 319...320]),
                                                                      destination: UIDSet([3956...3958])), text: "Done")),
         "A003 OK [COPYUID 38505 304,319:320 3956:3958] Done\r\n"),
        (.tagged(TaggedResponse(tag: "A286", status: .no, code: .badCharset(["UTF-8"]), text: "INVALID-CHARSET is not supported")),
         "A286 NO [BADCHARSET (UTF-8)] INVALID-CHARSET is not supported\r\n"),
        (.tagged(TaggedResponse(tag: "A287", status: .no, code: .badCharset(["x]y", "UTF-8"]), text: "No")),
         "A287 NO [BADCHARSET (\"x]y\" UTF-8)] No\r\n"),
        (.tagged(TaggedResponse(tag: "A1", status: .no, code: .other("X-FOO", "a]b\r\nc"), text: "x\r\n* OK forged")),
         "A1 NO [X-FOO abc] x  * OK forged\r\n"),
        (.untagged(.condition(.ok, code: .uidValidity(3_857_529_045), text: "UIDs valid")), "* OK [UIDVALIDITY 3857529045] UIDs valid\r\n"),
        (.untagged(.condition(.ok, code: .uidNext(4392), text: "Predicted next UID")), "* OK [UIDNEXT 4392] Predicted next UID\r\n"),
        (.untagged(.condition(.ok, code: .permanentFlags([.deleted, .seen], allowsNewKeywords: true), text: "Limited")),
         "* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited\r\n"),
        (.untagged(.condition(.ok, code: .capability(["STARTTLS", "AUTH=SCRAM-SHA-256", "LOGINDISABLED", "IMAP4rev2"]),
                              text: "IMAP4rev2 Service Ready")),
         "* OK [CAPABILITY STARTTLS AUTH=SCRAM-SHA-256 LOGINDISABLED IMAP4rev2] IMAP4rev2 Service Ready\r\n"),
        (.untagged(.bye(code: nil, text: "IMAP4rev2 Server logging out")), "* BYE IMAP4rev2 Server logging out\r\n"),
        (.untagged(.preauth(code: nil, text: "IMAP4rev2 server logged in as Smith")), "* PREAUTH IMAP4rev2 server logged in as Smith\r\n"),
        (.untagged(.capability(["IMAP4rev2", "STARTTLS", "AUTH=GSSAPI", "LOGINDISABLED"])),
         "* CAPABILITY IMAP4rev2 STARTTLS AUTH=GSSAPI LOGINDISABLED\r\n"),
        (.untagged(.enabled(["UTF8=ACCEPT"])), "* ENABLED UTF8=ACCEPT\r\n"),
        (.untagged(.flags(Flag.system)), "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"),
        (.untagged(.exists(172)), "* 172 EXISTS\r\n"),
        (.untagged(.recent(2)), "* 2 RECENT\r\n"),
        (.untagged(.expunge(22)), "* 22 EXPUNGE\r\n"),
        (.untagged(.list(MailboxListItem(attributes: [], delimiter: "/", name: "INBOX"))), "* LIST () \"/\" INBOX\r\n"),
        (.untagged(.list(MailboxListItem(attributes: [.noSelect], delimiter: "/", name: ""))), "* LIST (\\Noselect) \"/\" \"\"\r\n"),
        (.untagged(.list(MailboxListItem(attributes: [.hasChildren], delimiter: "/", name: "Tofu", childInfo: [.subscribed]))),
         "* LIST (\\HasChildren) \"/\" \"Tofu\" (\"CHILDINFO\" (\"SUBSCRIBED\"))\r\n"),
        (.untagged(.list(MailboxListItem(attributes: [.hasNoChildren, .sent], delimiter: ".", name: "Gesendete Elemente"))),
         "* LIST (\\HasNoChildren \\Sent) \".\" \"Gesendete Elemente\"\r\n"),
        (.untagged(.list(MailboxListItem(attributes: [], delimiter: "\\", name: "Entwürfe", oldName: "Drafts"))),
         "* LIST () \"\\\\\" \"Entw&APw-rfe\" (\"OLDNAME\" (\"Drafts\"))\r\n"),
        (.untagged(.lsub(MailboxListItem(attributes: [], delimiter: ".", name: "#news.comp.mail.mime"))),
         "* LSUB () \".\" \"#news.comp.mail.mime\"\r\n"),
        (.untagged(.list(MailboxListItem(attributes: [.noInferiors], delimiter: nil, name: "flat"))), "* LIST (\\Noinferiors) NIL \"flat\"\r\n"),
        (.untagged(.status(mailbox: "blurdybloop", [StatusValue(.messages, 231), StatusValue(.uidNext, 44292)])),
         "* STATUS \"blurdybloop\" (MESSAGES 231 UIDNEXT 44292)\r\n"),
        (.untagged(.search([2, 84, 882])), "* SEARCH 2 84 882\r\n"),
        (.untagged(.search([])), "* SEARCH\r\n"),
        (.untagged(.esearch(ESearchResponse(tag: "A282", min: 2, count: 3))), "* ESEARCH (TAG \"A282\") MIN 2 COUNT 3\r\n"),
        (.untagged(.esearch(ESearchResponse(tag: "A283", all: UIDSet([2...2, 10...11])))), "* ESEARCH (TAG \"A283\") ALL 2,10:11\r\n"),
        (.untagged(.esearch(ESearchResponse(tag: "A284"))), "* ESEARCH (TAG \"A284\")\r\n"),
        (.untagged(.esearch(ESearchResponse(tag: "A285", byUID: true, min: 7, max: 3800))), "* ESEARCH (TAG \"A285\") UID MIN 7 MAX 3800\r\n"),
        (.untagged(.namespace(NamespaceResponse(personal: [NamespaceDescription(prefix: "", delimiter: "/")]))),
         "* NAMESPACE ((\"\" \"/\")) NIL NIL\r\n"),
        (.untagged(.namespace(NamespaceResponse(
            personal: [NamespaceDescription(prefix: "", delimiter: "/", extensions: [NamespaceExtension(name: "X-PARAM", values: ["FLAG1", "FLAG2"])])],
            otherUsers: [NamespaceDescription(prefix: "~", delimiter: "/")],
            shared: [NamespaceDescription(prefix: "#shared/", delimiter: "/"), NamespaceDescription(prefix: "#news.", delimiter: ".")]))),
         "* NAMESPACE ((\"\" \"/\" \"X-PARAM\" (\"FLAG1\" \"FLAG2\"))) ((\"~\" \"/\")) ((\"#shared/\" \"/\")(\"#news.\" \".\"))\r\n"),
        (.untagged(.id(nil)), "* ID NIL\r\n"),
        (.untagged(.id([IDParameter("name", "Cyrus"), IDParameter("version", "1.5"), IDParameter("os", nil)])),
         "* ID (\"name\" \"Cyrus\" \"version\" \"1.5\" \"os\" NIL)\r\n"),
        (.untagged(.fetch(12, [.flags([.seen, .deleted])])), "* 12 FETCH (FLAGS (\\Seen \\Deleted))\r\n"),
        (.untagged(.fetch(23, [.flags([.seen]), .uid(4_827_313)])), "* 23 FETCH (FLAGS (\\Seen) UID 4827313)\r\n"),
        (.untagged(.fetch(12, [.internalDate(IMAPDateTime(date: IMAPDate(year: 1996, month: 7, day: 17)!, hour: 2, minute: 44,
                                                          second: 25, zoneMinutes: -420)!), .rfc822Size(4286)])),
         "* 12 FETCH (INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 4286)\r\n"),
        (.untagged(.fetch(1, [.binarySize(part: [1, 2], size: 42), .modSequence(624_140_003)])),
         "* 1 FETCH (BINARY.SIZE[1.2] 42 MODSEQ (624140003))\r\n"),
        (.untagged(.fetch(2, [.bodySection(SectionSpecifier(kind: .headerFields(["DATE", "FROM"]))!, origin: nil,
                                           data: ByteBuffer(string: "Date: x\r\n\r\n"))])),
         "* 2 FETCH (BODY[HEADER.FIELDS (DATE FROM)] {11}\r\nDate: x\r\n\r\n)\r\n"),
        (.untagged(.fetch(3, [.bodySection(.complete, origin: 100, data: nil), .binary(part: [1], origin: nil, data: ByteBuffer(bytes: [0, 1]))])),
         "* 3 FETCH (BODY[]<100> NIL BINARY[1] ~{2}\r\n\u{0}\u{1})\r\n"),
        (.untagged(.fetch(4, [.rfc822Header(ByteBuffer(string: "A: b\r\n\r\n")), .rfc822Text(nil)])),
         "* 4 FETCH (RFC822.HEADER {8}\r\nA: b\r\n\r\n RFC822.TEXT NIL)\r\n"),
    ]

    @Test("RFC 9051 §7 examples", arguments: examples)
    func example(response: ServerResponse, expected: String) {
        #expect(wire(response) == expected)
    }

    @Test("RFC 9051 §7.1 and RFC 5530 response codes that are one atom", arguments: [
        (ResponseCode.alert, "ALERT"), (.parse, "PARSE"), (.readOnly, "READ-ONLY"), (.readWrite, "READ-WRITE"),
        (.tryCreate, "TRYCREATE"), (.uidNotSticky, "UIDNOTSTICKY"), (.tooBig, "TOOBIG"), (.unavailable, "UNAVAILABLE"),
        (.authenticationFailed, "AUTHENTICATIONFAILED"), (.authorizationFailed, "AUTHORIZATIONFAILED"), (.expired, "EXPIRED"),
        (.privacyRequired, "PRIVACYREQUIRED"), (.contactAdmin, "CONTACTADMIN"), (.noPermission, "NOPERM"), (.inUse, "INUSE"),
        (.expungeIssued, "EXPUNGEISSUED"), (.corruption, "CORRUPTION"), (.serverBug, "SERVERBUG"), (.clientBug, "CLIENTBUG"),
        (.cannot, "CANNOT"), (.limit, "LIMIT"), (.overQuota, "OVERQUOTA"), (.alreadyExists, "ALREADYEXISTS"),
        (.nonExistent, "NONEXISTENT"), (.notSaved, "NOTSAVED"), (.hasChildren, "HASCHILDREN"), (.closed, "CLOSED"),
        (.unknownCTE, "UNKNOWN-CTE"), (.useAttribute, "USEATTR"), (.noModSequence, "NOMODSEQ"),
        (.highestModSequence(715_194_045_007), "HIGHESTMODSEQ 715194045007"), (.badCharset([]), "BADCHARSET"),
        (.other("X-VENDOR", nil), "X-VENDOR"),
    ])
    func atomCodes(code: ResponseCode, text: String) {
        #expect(wire(.tagged(TaggedResponse(tag: "A1", status: .no, code: code, text: "x"))) == "A1 NO [\(text)] x\r\n")
    }

    @Test("IMAP4rev2 leaves out RECENT, \\Recent and STATUS RECENT (RFC 9051 appendix E)")
    func rev2Differences() {
        #expect(wire(.untagged(.recent(2)), rev2) == "")
        #expect(wire(.untagged(.flags([.seen, .recent])), rev2) == "* FLAGS (\\Seen)\r\n")
        #expect(wire(.untagged(.flags([.seen, .recent])), rev1) == "* FLAGS (\\Seen \\Recent)\r\n")
        #expect(wire(.untagged(.fetch(1, [.flags([.recent])])), rev2) == "* 1 FETCH (FLAGS ())\r\n")
        #expect(wire(.untagged(.status(mailbox: "INBOX", [StatusValue(.recent, 1), StatusValue(.messages, 2)])), rev2)
            == "* STATUS INBOX (MESSAGES 2)\r\n")
    }

    @Test("Mailbox names: modified UTF-7 for IMAP4rev1, UTF-8 for IMAP4rev2 and UTF8=ACCEPT (RFC 9051 §5.1)")
    func mailboxNames() {
        let item = UntaggedResponse.list(MailboxListItem(attributes: [], delimiter: "/", name: "Entwürfe"))
        #expect(wire(.untagged(item), rev1) == "* LIST () \"/\" \"Entw&APw-rfe\"\r\n")
        #expect(wire(.untagged(item), rev2) == "* LIST () \"/\" \"Entwürfe\"\r\n")
        #expect(wire(.untagged(item), ResponseEncodingOptions(utf8Accepted: true)) == "* LIST () \"/\" \"Entwürfe\"\r\n")
    }

    @Test("Strings: quoted when they can be, a literal for CR, LF, and 8-bit a rev1 client cannot read")
    func strings() {
        #expect(wire(.untagged(.id([IDParameter("a\"b\\c", "x")]))) == "* ID (\"a\\\"b\\\\c\" \"x\")\r\n")
        #expect(wire(.untagged(.id([IDParameter("name", "two\r\nlines")]))) == "* ID (\"name\" {10}\r\ntwo\r\nlines)\r\n")
        #expect(wire(.untagged(.id([IDParameter("name", "café")]))) == "* ID (\"name\" {5}\r\ncafé)\r\n")
        #expect(wire(.untagged(.id([IDParameter("name", "café")])), rev2) == "* ID (\"name\" \"café\")\r\n")
        // Escapes first, last and side by side; NUL goes as a literal even to a UTF-8 peer.
        #expect(wire(.untagged(.id([IDParameter("\"a\\\\", "\\\"")]))) == "* ID (\"\\\"a\\\\\\\\\" \"\\\\\\\"\")\r\n")
        #expect(wire(.untagged(.id([IDParameter("name", "a\u{0}b")])), rev2) == "* ID (\"name\" {3}\r\na\u{0}b)\r\n")
    }

    @Test("A parse error knows its reply: tagged BAD, or untagged without a tag")
    func errorReplies() {
        let error = IMAPCommandError(.syntax, tag: "A1", text: "Expected a space")
        #expect(error.responses.map { wire($0) } == ["A1 BAD Expected a space\r\n"])
        let untagged = IMAPCommandError(.syntax, tag: nil, text: "Missing or invalid tag")
        #expect(untagged.responses.map { wire($0) } == ["* BAD Missing or invalid tag\r\n"])
    }
}
