import NIOCore
import Testing

@testable import IMAPProtocol

private func mailbox(_ name: String) -> MailboxName { MailboxName(name) }
private func range(_ a: UInt32, _ b: UInt32) -> SequenceRange { SequenceRange(.number(a), .number(b)) }

/// The examples of RFC 9051 §6 (and RFC 3501 §6 where rev1 differs), each command's section, with the
/// extension RFCs' own examples. Each parses to the typed command; written back by the encoder it parses
/// to the same command.
@Suite("IMAP command grammar: the RFC examples")
struct CommandParsingTests {
    static let fixtures: [(String, TaggedCommand)] = [
        ("abcd CAPABILITY", TaggedCommand(tag: "abcd", command: .capability)),               // §6.1.1
        ("a002 NOOP", TaggedCommand(tag: "a002", command: .noop)),                           // §6.1.2
        ("A023 LOGOUT", TaggedCommand(tag: "A023", command: .logout)),                       // §6.1.3
        ("a002 STARTTLS", TaggedCommand(tag: "a002", command: .startTLS)),                   // §6.2.1
        ("A001 AUTHENTICATE GSSAPI", TaggedCommand(tag: "A001", command: .authenticate(mechanism: "GSSAPI", initialResponse: nil))),
        ("A001 AUTHENTICATE PLAIN dGVzdAB0ZXN0AHRlc3Q=",                                     // RFC 4959 §3
         TaggedCommand(tag: "A001", command: .authenticate(mechanism: "PLAIN", initialResponse: "dGVzdAB0ZXN0AHRlc3Q="))),
        ("A002 AUTHENTICATE plain =", TaggedCommand(tag: "A002", command: .authenticate(mechanism: "PLAIN", initialResponse: "="))),
        ("a001 LOGIN SMITH SESAME", TaggedCommand(tag: "a001", command: .login(username: "SMITH", password: "SESAME"))),
        ("a001 LOGIN \"fred smith\" \"p\\\\w\\\"d\"",
         TaggedCommand(tag: "a001", command: .login(username: "fred smith", password: "p\\w\"d"))),
        ("t2 ENABLE CONDSTORE X-GOOD-IDEA", TaggedCommand(tag: "t2", command: .enable(["CONDSTORE", "X-GOOD-IDEA"]))), // RFC 5161 §4
        ("A142 SELECT INBOX", TaggedCommand(tag: "A142", command: .select(.inbox, parameters: []))),                  // §6.3.2
        ("A142 select inbox", TaggedCommand(tag: "A142", command: .select(.inbox, parameters: []))),
        ("A142 SELECT INBOX (CONDSTORE)",                                                                              // RFC 7162 §3.1.8
         TaggedCommand(tag: "A142", command: .select(.inbox, parameters: [ExtensionParameter(name: "CONDSTORE")]))),
        ("A02 SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))",                                // RFC 7162 §3.2.5
         TaggedCommand(tag: "A02", command: .select(.inbox, parameters: [ExtensionParameter(name: "QRESYNC", value: .list([
             .string(Array("67890007".utf8)), .string(Array("20050715194045000".utf8)),
             .string(Array("41,43:211,214:541".utf8)),
         ]))]))),
        ("A932 EXAMINE blurdybloop", TaggedCommand(tag: "A932", command: .examine(mailbox("blurdybloop"), parameters: []))),
        ("A003 CREATE owatagusiam/", TaggedCommand(tag: "A003", command: .create(mailbox("owatagusiam/"), specialUse: []))),
        ("t1 CREATE \"Important Messages\" (USE (\\Important))",                                                      // RFC 6154 §5.2
         TaggedCommand(tag: "t1", command: .create(mailbox("Important Messages"), specialUse: [.important]))),
        ("A683 DELETE blurdybloop", TaggedCommand(tag: "A683", command: .delete(mailbox("blurdybloop")))),
        ("A683 RENAME blurdybloop sarasoop", TaggedCommand(tag: "A683", command: .rename(from: mailbox("blurdybloop"), to: mailbox("sarasoop")))),
        ("A002 SUBSCRIBE #news.comp.mail.mime", TaggedCommand(tag: "A002", command: .subscribe(mailbox("#news.comp.mail.mime")))),
        ("A002 UNSUBSCRIBE #news.comp.mail.mime", TaggedCommand(tag: "A002", command: .unsubscribe(mailbox("#news.comp.mail.mime")))),
        ("A101 LIST \"\" \"\"", TaggedCommand(tag: "A101", command: .list(ListCommand(reference: mailbox(""), patterns: [mailbox("")])))),
        ("A202 LIST ~/Mail/ %", TaggedCommand(tag: "A202", command: .list(ListCommand(reference: mailbox("~/Mail/"), patterns: [mailbox("%")])))),
        ("A02 LIST (SUBSCRIBED) \"\" \"*\"",                                                                          // RFC 5258 §5
         TaggedCommand(tag: "A02", command: .list(ListCommand(selectionOptions: [.subscribed], reference: mailbox(""), patterns: [mailbox("*")])))),
        ("A03 LIST () \"\" \"%\" RETURN (CHILDREN)",
         TaggedCommand(tag: "A03", command: .list(ListCommand(reference: mailbox(""), patterns: [mailbox("%")], returnOptions: [.children], isExtended: true)))),
        ("A06 LIST (SUBSCRIBED RECURSIVEMATCH) \"\" \"%\"",
         TaggedCommand(tag: "A06", command: .list(ListCommand(selectionOptions: [.subscribed, .recursiveMatch], reference: mailbox(""), patterns: [mailbox("%")])))),
        ("BBB LIST \"\" (\"INBOX\" \"Drafts\" \"Sent/%\")",
         TaggedCommand(tag: "BBB", command: .list(ListCommand(reference: mailbox(""), patterns: [.inbox, mailbox("Drafts"), mailbox("Sent/%")])))),
        ("A01 LIST \"\" % RETURN (STATUS (MESSAGES UNSEEN))",                                                          // RFC 5819 §5
         TaggedCommand(tag: "A01", command: .list(ListCommand(reference: mailbox(""), patterns: [mailbox("%")], returnOptions: [.status([.messages, .unseen])])))),
        ("t3 LIST (SPECIAL-USE) \"\" \"*\" RETURN (SPECIAL-USE SUBSCRIBED)",                                         // RFC 6154 §5.1
         TaggedCommand(tag: "t3", command: .list(ListCommand(selectionOptions: [.specialUse], reference: mailbox(""), patterns: [mailbox("*")], returnOptions: [.specialUse, .subscribed])))),
        ("A002 LSUB \"#news.\" \"comp.mail.*\"", TaggedCommand(tag: "A002", command: .lsub(reference: mailbox("#news."), pattern: mailbox("comp.mail.*")))),
        ("A001 NAMESPACE", TaggedCommand(tag: "A001", command: .namespace)),
        ("A042 STATUS blurdybloop (UIDNEXT MESSAGES)", TaggedCommand(tag: "A042", command: .status(mailbox("blurdybloop"), [.uidNext, .messages]))),
        ("A043 STATUS INBOX (SIZE DELETED UNSEEN UIDVALIDITY RECENT HIGHESTMODSEQ)",
         TaggedCommand(tag: "A043", command: .status(.inbox, [.size, .deleted, .unseen, .uidValidity, .recent, .highestModSequence]))),
        ("A002 IDLE", TaggedCommand(tag: "A002", command: .idle)),
        ("FXXZ CHECK", TaggedCommand(tag: "FXXZ", command: .check)),                          // RFC 3501 §6.4.1
        ("A341 CLOSE", TaggedCommand(tag: "A341", command: .close)),
        ("A342 UNSELECT", TaggedCommand(tag: "A342", command: .unselect)),
        ("A202 EXPUNGE", TaggedCommand(tag: "A202", command: .expunge)),
        ("A003 UID EXPUNGE 3000:3002", TaggedCommand(tag: "A003", command: .uidExpunge(.ranges([range(3000, 3002)])))),
        ("A003 STORE 2:4 +FLAGS (\\Deleted)",                                                 // §6.4.6
         TaggedCommand(tag: "A003", command: .store(StoreCommand(sequence: .ranges([range(2, 4)]), operation: .add, flags: [.deleted])))),
        ("a005 store 12 +flags \\deleted",                                                     // §8
         TaggedCommand(tag: "a005", command: .store(StoreCommand(sequence: .single(12), operation: .add, flags: [.deleted])))),
        ("A004 STORE 1:* -FLAGS.SILENT (\\Seen $Forwarded)",
         TaggedCommand(tag: "A004", command: .store(StoreCommand(sequence: .ranges([SequenceRange(.number(1), .last)]), operation: .remove, silent: true, flags: [.seen, .keyword("$Forwarded")])))),
        ("A005 UID STORE 7 FLAGS ()", TaggedCommand(tag: "A005", command: .store(StoreCommand(sequence: .single(7), operation: .replace, flags: [], byUID: true)))),
        ("A003 COPY 2:4 MEETING", TaggedCommand(tag: "A003", command: .copy(.ranges([range(2, 4)]), mailbox("MEETING"), byUID: false))),
        ("a UID MOVE 42:69 foo", TaggedCommand(tag: "a", command: .move(.ranges([range(42, 69)]), mailbox("foo"), byUID: true))), // RFC 6851 §4.6
        ("A999 UID FETCH 4827313:4828442 FLAGS",                                               // §6.4.9
         TaggedCommand(tag: "A999", command: .fetch(FetchCommand(sequence: .ranges([range(4_827_313, 4_828_442)]), attributes: [.flags], byUID: true)))),
        ("a023 ID (\"name\" \"sodr\" \"version\" \"19.34\" \"vendor\" \"Pink Floyd Music Limited\")",                // RFC 2971 §3.1
         TaggedCommand(tag: "a023", command: .id([IDParameter("name", "sodr"), IDParameter("version", "19.34"), IDParameter("vendor", "Pink Floyd Music Limited")]))),
        ("a042 ID NIL", TaggedCommand(tag: "a042", command: .id(nil))),
        ("a043 ID (\"os\" NIL)", TaggedCommand(tag: "a043", command: .id([IDParameter("os", nil)]))),
    ]

    @Test("RFC examples parse to their commands and round-trip through the encoder", arguments: fixtures)
    func parses(line: String, expected: TaggedCommand) {
        #expect(parseOne(line) == .command(expected))
        #expect(reparsed(expected) == [.command(expected)], "\(wire(expected))")
    }

    @Test("Every command parses the same fed byte by byte")
    func byteByByte() {
        // IDLE and AUTHENTICATE put the parser in a mode for the next line; they are tested on their own.
        let fixtures = Self.fixtures.filter {
            if case .authenticate(_, nil) = $0.1.command { return false }
            return $0.1.command != .idle
        }
        let input = fixtures.map { $0.0 + "\r\n" }.joined()
        let (whole, bytewise) = ParserDriver.wholeAndByteByByte(input)
        #expect(whole == fixtures.map { .command($0.1) })
        #expect(bytewise == whole)
    }

    @Test("RFC 9051 §5.1: INBOX is case-insensitive, other names are not", arguments: ["INBOX", "inbox", "InBoX"])
    func inbox(name: String) {
        #expect(MailboxName(name) == .inbox)
        #expect(MailboxName(name).isInbox)
        #expect(MailboxName("Inbox/Sub") != MailboxName("INBOX/Sub"))
    }

    @Test("Mailbox names as literals and quoted strings with 8-bit UTF-8 (RFC 9051 §5.1)")
    func mailboxForms() {
        #expect(parseOne("A1 SELECT {5+}\r\nDraft") == .command(TaggedCommand(tag: "A1", command: .select(mailbox("Draft"), parameters: []))))
        #expect(parseOne("A1 SELECT \"Entwürfe\"") == .command(TaggedCommand(tag: "A1", command: .select(mailbox("Entwürfe"), parameters: []))))
        #expect(parseOne("A1 SELECT Entw&APw-rfe") == .command(TaggedCommand(tag: "A1", command: .select(mailbox("Entw&APw-rfe"), parameters: []))))
    }

    @Test("Bad arguments are BAD with the tag", arguments: [
        "A1 SELECT", "A1 SELECT a b", "A1 LOGIN onlyuser", "A1 FETCH 1", "A1 FETCH 0 FLAGS", "A1 FETCH 1 (FLAGS",
        "A1 FETCH 1 BODY[1.MIME.TEXT]", "A1 FETCH 1 BODY[MIME]", "A1 STORE 1 FLAGS.LOUD (\\Seen)", "A1 COPY 1:x foo",
        "A1 STATUS INBOX (FOO)", "A1 STATUS INBOX ()", "A1 LIST (RECURSIVEMATCH) \"\" *", "A1 LIST (FOO) \"\" *",
        "A1 LIST \"\" * RETURN (FOO)", "A1 ENABLE", "A1 UID FOO 1", "A1 CREATE x (FOO)", "A1 CREATE x (USE (\\Noselect))",
        "A1 APPEND INBOX", "A1 AUTHENTICATE PLAIN abc", "A1 AUTHENTICATE PLAIN ====", "A1 ID (\"a\")", "A1 NOOP extra",
        "A1 CAPABILITY  ", "A1  NOOP", "A1 SEARCH", "A1 UID EXPUNGE", "A1 EXAMINE \"unterminated",
        "A1 LOGIN \"a\\x\" b", "A1 FETCH 4294967296 FLAGS", "A1 FETCH 1 BODY[]<5.0>",
    ])
    func invalid(line: String) throws {
        let error = try #require(parseOne(line)?.error)
        #expect(error.tag == "A1")
        #expect(error.status == .bad)
        #expect(wire(error.responses[0]).hasPrefix("A1 BAD "))
    }

    @Test("Unknown commands are BAD; a line without a tag gets an untagged BAD", arguments: [
        ("A1 FROB", "A1 BAD Unknown command\r\n"), ("+ NOOP", "* BAD Missing or invalid tag\r\n"),
        ("NOOP", "* BAD Missing or invalid tag\r\n"), ("(x) NOOP", "* BAD Missing or invalid tag\r\n"),
    ])
    func unknown(line: String, reply: String) throws {
        let error = try #require(parseOne(line)?.error)
        #expect(wire(error.responses[0]) == reply)
    }

    @Test("Blank lines between commands are ignored")
    func blankLines() {
        var driver = ParserDriver()
        #expect(driver.parts("\r\n\n\r\nA1 NOOP\r\n") == [.command(TaggedCommand(tag: "A1", command: .noop))])
    }

    @Test("A bare LF ends a line, as Dovecot accepts")
    func bareLineFeed() {
        var driver = ParserDriver()
        #expect(driver.parts("A1 NOOP\nA2 LOGIN {1+}\nx y\n") == [
            .command(TaggedCommand(tag: "A1", command: .noop)),
            .command(TaggedCommand(tag: "A2", command: .login(username: "x", password: "y"))),
        ])
    }
}
