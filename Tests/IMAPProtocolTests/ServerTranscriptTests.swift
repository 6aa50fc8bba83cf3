import NIOCore
import Testing

@testable import IMAPProtocol

/// Whole sessions against `IMAPServerMachine` with the fake driver loop of `SessionDriver`.
@Suite("IMAPServerMachine transcripts")
struct ServerTranscriptTests {
    static let afterLogin = "IMAP4rev1 IMAP4rev2 IDLE UIDPLUS MOVE LITERAL+ NAMESPACE ID ENABLE UNSELECT CHILDREN SPECIAL-USE "
        + "LIST-EXTENDED LIST-STATUS ESEARCH SEARCHRES BINARY STATUS=SIZE APPENDLIMIT=10240000"

    @Test("RFC 9051 §8 sample dialogue (PLAIN for SCRAM, which mailroom does not offer; IMAP4rev2 enabled)")
    func rfc9051Dialogue() {
        var d = SessionDriver(IMAPServerConfiguration(offersSTARTTLS: true, additionalCapabilities: ["UTF8=ACCEPT"]))
        #expect(d.greeting.hasPrefix("* OK [CAPABILITY IMAP4rev1 IMAP4rev2 STARTTLS LOGINDISABLED IDLE "))
        #expect(d.greeting.hasSuffix("] mailroom ready.\r\n"))
        #expect(d.send("a000 starttls") == "a000 OK Begin TLS negotiation now\r\n")
        #expect(d.tlsStarted)
        #expect(d.send("A001 AUTHENTICATE SCRAM-SHA-256 biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=")
            == "A001 NO Unsupported authentication mechanism\r\n")
        // "\0fred\0secret"
        #expect(d.send("A002 AUTHENTICATE PLAIN AGZyZWQAc2VjcmV0") == "A002 OK [CAPABILITY \(Self.afterLogin) UTF8=ACCEPT] AUTHENTICATE completed\r\n")
        #expect(d.logins.map(\.username) == ["fred"])
        #expect(d.send("babc ENABLE IMAP4rev2 UTF8=ACCEPT") == "* ENABLED IMAP4rev2 UTF8=ACCEPT\r\nbabc OK ENABLE completed\r\n")
        #expect(d.send("a002 select inbox") == """
            * 18 EXISTS\r
            * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r
            * OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted\r
            * OK [UIDVALIDITY 3857529045] UIDs valid\r
            * OK [UIDNEXT 4392] Predicted next UID\r
            * LIST () "/" INBOX\r
            a002 OK [READ-WRITE] SELECT completed\r\n
            """)
        d.handler = { request in
            guard case .fetch(let fetch) = request.command, fetch.sequence == .single(12) else { return ([], .no(nil, "?")) }
            return ([.fetch(12, [.flags([.seen]), .rfc822Size(4286)])], .ok())
        }
        #expect(d.send("a003 fetch 12 full") == "* 12 FETCH (FLAGS (\\Seen) RFC822.SIZE 4286)\r\na003 OK FETCH completed\r\n")
        #expect(d.requests.last?.expungesAllowed == false)
        d.handler = { _ in ([.fetch(12, [.flags([.seen, .deleted])])], .ok()) }
        #expect(d.send("a005 store 12 +flags \\deleted") == "* 12 FETCH (FLAGS (\\Seen \\Deleted))\r\na005 OK STORE completed\r\n")
        #expect(d.send("a006 logout") == "* BYE Logging out\r\na006 OK LOGOUT completed\r\n")
        #expect(d.closed)
    }

    @Test("RFC 3501 §6.3.1: an IMAP4rev1 session's SELECT has RECENT and UNSEEN and no LIST")
    func rev1Select() {
        var d = SessionDriver()
        d.logIn()
        #expect(d.send("A142 SELECT INBOX") == """
            * 18 EXISTS\r
            * 0 RECENT\r
            * OK [UNSEEN 12] Message 12 is first unseen\r
            * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r
            * OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted\r
            * OK [UIDVALIDITY 3857529045] UIDs valid\r
            * OK [UIDNEXT 4392] Predicted next UID\r
            A142 OK [READ-WRITE] SELECT completed\r\n
            """)
        #expect(d.machine.selectedMailbox?.name == "INBOX")
        #expect(d.machine.selectedMailbox?.readOnly == false)
    }

    @Test("RFC 9051 §6.3.1: ENABLE IMAP4rev2 changes what SELECT sends; a second ENABLE enables nothing new")
    func enableChangesSelect() {
        var d = SessionDriver()
        d.logIn()
        #expect(d.send("e1 ENABLE IMAP4rev2 CONDSTORE X-UNKNOWN") == "* ENABLED IMAP4rev2\r\ne1 OK ENABLE completed\r\n")
        #expect(d.send("e2 ENABLE IMAP4rev2") == "* ENABLED\r\ne2 OK ENABLE completed\r\n")
        let select = d.send("s1 SELECT INBOX")
        #expect(!select.contains("RECENT"))
        #expect(!select.contains("UNSEEN"))
        #expect(select.contains("* LIST () \"/\" INBOX\r\n"))
        #expect(d.send("e3 ENABLE IMAP4rev2") == "e3 BAD ENABLE is valid only before a mailbox is selected\r\n")
    }

    @Test("RFC 9051 §6.3.3 EXAMINE is read-only: PERMANENTFLAGS (), [READ-ONLY], STORE and EXPUNGE refused, CLOSE removes nothing")
    func examine() {
        var d = SessionDriver()
        d.logIn()
        let examine = d.send("x1 EXAMINE INBOX")
        #expect(examine.contains("* OK [PERMANENTFLAGS ()] No permanent flags permitted\r\n"))
        #expect(examine.hasSuffix("x1 OK [READ-ONLY] EXAMINE completed\r\n"))
        #expect(d.send("x2 STORE 1 +FLAGS \\Seen") == "x2 NO Mailbox is read-only\r\n")
        #expect(d.send("x3 EXPUNGE") == "x3 NO Mailbox is read-only\r\n")
        #expect(d.send("x4 UID MOVE 1 Trash") == "x4 NO Mailbox is read-only\r\n")
        #expect(d.send("x5 FETCH 1 FLAGS") == "x5 OK FETCH completed\r\n")
        #expect(d.send("x6 CLOSE") == "x6 OK CLOSE completed\r\n")
        #expect(d.requests.last?.command == .close(expunge: false))
        #expect(d.machine.selectedMailbox == nil)
    }

    @Test("RFC 9051 §6.4.1-§6.4.2: CLOSE expunges silently when read-write, UNSELECT never; both leave the selected state")
    func closeAndUnselect() {
        var d = SessionDriver()
        d.selectInbox()
        d.deliver([.expunge(3), .exists(17)])
        #expect(d.send("c1 CLOSE") == "c1 OK CLOSE completed\r\n")
        #expect(d.requests.last?.command == .close(expunge: true))
        #expect(d.send("c2 FETCH 1 FLAGS") == "c2 BAD No mailbox selected\r\n")
        d.pending = []
        d.send("s2 SELECT INBOX")
        #expect(d.send("u1 UNSELECT") == "u1 OK UNSELECT completed\r\n")
        #expect(d.requests.last?.command == .unselect)
        #expect(d.send("u2 UNSELECT") == "u2 BAD No mailbox selected\r\n")
    }

    @Test("RFC 9051 §7.4.1: no EXPUNGE before FETCH, STORE or SEARCH completes; UID FETCH and NOOP may send it")
    func expungeRule() {
        var d = SessionDriver()
        d.selectInbox()
        d.deliver([.expunge(2), .fetch(5, [.flags([.seen])])])
        #expect(d.send("f1 FETCH 1:* FLAGS") == "* 5 FETCH (FLAGS (\\Seen))\r\nf1 OK FETCH completed\r\n")
        #expect(d.send("f2 STORE 1 +FLAGS.SILENT \\Seen") == "f2 OK STORE completed\r\n")
        #expect(d.send("f3 SEARCH ALL") == "f3 OK SEARCH completed\r\n")
        #expect(d.send("f4 UID FETCH 1:* FLAGS") == "* 2 EXPUNGE\r\nf4 OK FETCH completed\r\n")
        #expect(d.requests.map(\.expungesAllowed) == [false, false, false, true])
        d.deliver([.expunge(1), .exists(16)])
        #expect(d.send("n1 NOOP") == "* 1 EXPUNGE\r\n* 16 EXISTS\r\nn1 OK NOOP completed\r\n")
        #expect(d.requests.last?.command == .noop)
    }

    @Test("RFC 9051 §7.1: SELECT while selected closes the old mailbox first ([CLOSED] in IMAP4rev2); a failed SELECT leaves none")
    func reselect() {
        var d = SessionDriver()
        d.logIn()
        d.send("e ENABLE IMAP4rev2")
        d.send("s1 SELECT INBOX")
        #expect(d.send("s2 SELECT Nowhere") == "* OK [CLOSED] Previous mailbox closed\r\ns2 NO [NONEXISTENT] Mailbox does not exist\r\n")
        #expect(d.machine.selectedMailbox == nil)
        #expect(d.send("s3 FETCH 1 FLAGS") == "s3 BAD No mailbox selected\r\n")
    }

    @Test("RFC 2177 §3 IDLE: + idling, updates pushed at once, DONE ends it with OK")
    func idle() {
        var d = SessionDriver()
        d.selectInbox()
        #expect(d.send("i1 IDLE") == "+ idling\r\n")
        #expect(d.machine.isIdling)
        d.deliver([.exists(19)])
        #expect(d.take() == "* 19 EXISTS\r\n")
        d.deliver([.expunge(4)])
        #expect(d.take() == "* 4 EXPUNGE\r\n")
        #expect(d.send("DONE") == "i1 OK IDLE terminated\r\n")
        #expect(!d.idling && !d.machine.isIdling)
        #expect(d.send("n NOOP") == "n OK NOOP completed\r\n")
    }

    @Test("RFC 9051 §6.1.3 LOGOUT in each state: BYE, the completion, close")
    func logout() {
        for setup in [{ (_: inout SessionDriver) in }, { $0.logIn() }, { $0.selectInbox() }] {
            var d = SessionDriver()
            setup(&d)
            _ = d.take()
            #expect(d.send("z LOGOUT") == "* BYE Logging out\r\nz OK LOGOUT completed\r\n")
            #expect(d.closed)
            #expect(d.machine.isClosed)
        }
    }

    @Test("RFC 9051 §6.1.2, §6.3.10, RFC 2971 §3.2: CAPABILITY, NAMESPACE and ID are answered by the machine")
    func machineAnswers() {
        var d = SessionDriver()
        #expect(d.send("c CAPABILITY")
            == "* CAPABILITY IMAP4rev1 IMAP4rev2 AUTH=PLAIN AUTH=LOGIN SASL-IR \(Self.afterLogin.dropFirst(20))\r\nc OK CAPABILITY completed\r\n")
        #expect(d.send("i ID (\"name\" \"mutt\")") == "* ID (\"name\" \"mailroom\")\r\ni OK ID completed\r\n")
        #expect(d.send("n NAMESPACE") == "n BAD Command not valid before login\r\n")
        d.logIn()
        #expect(d.send("n NAMESPACE") == "* NAMESPACE ((\"\" \"/\")) NIL NIL\r\nn OK NAMESPACE completed\r\n")
        #expect(d.send("c CAPABILITY") == "* CAPABILITY \(Self.afterLogin)\r\nc OK CAPABILITY completed\r\n")
        #expect(d.send("n2 NOOP") == "n2 OK NOOP completed\r\n")
        #expect(d.requests.isEmpty)
    }

    @Test("RFC 9051 §6.3.12 APPEND: the steps go to the driver; the completion carries APPENDUID")
    func append() {
        var d = SessionDriver()
        d.logIn()
        #expect(d.send("a1 APPEND Drafts (\\Seen) {5}") == "+ Ready for literal data\r\n")
        #expect(d.send("hello") == "a1 OK [APPENDUID 38505 3955] APPEND completed\r\n")
        #expect(d.appendsBegun == ["a1 Drafts"])
        #expect(d.appendSteps == [
            .beginMessage(AppendMessage(flags: [.seen], size: 5)), .messageBytes(ByteBuffer(string: "hello")), .endMessage,
            .finish,
        ])
        #expect(d.send("a2 APPEND Drafts {3+}\r\nabc") == "a2 OK [APPENDUID 38505 3955] APPEND completed\r\n")
    }

    @Test("RFC 9051 §6.3.12: APPEND to a missing mailbox gets NO [TRYCREATE] before the literal's +")
    func appendTryCreate() {
        var d = SessionDriver()
        d.logIn()
        #expect(d.send("a1 APPEND Nowhere (\\Seen) {5}") == "a1 NO [TRYCREATE] Mailbox does not exist\r\n")
        #expect(d.send("a2 APPEND Nowhere {5+}\r\nhello") == "a2 NO [TRYCREATE] Mailbox does not exist\r\n")
        #expect(d.appendSteps.isEmpty)
        #expect(d.send("n NOOP") == "n OK NOOP completed\r\n")
        #expect(d.machine.session.badCommands == 0)
    }

    @Test("RFC 9051 §6.3.4-§6.3.11: mailbox commands reach the driver with decoded names and the tag")
    func mailboxRequests() {
        var d = SessionDriver()
        d.logIn()
        d.send("c CREATE Archive/2026 (USE (\\Archive))")
        d.send("r RENAME \"Old &AOQ-\" New")
        d.send("s STATUS INBOX (MESSAGES SIZE)")
        d.send("l LIST \"\" *")
        #expect(d.requests.map(\.command) == [
            .create("Archive/2026", specialUse: [.archive]), .rename(from: "Old ä", to: "New"),
            .status("INBOX", [.messages, .size]),
            .list(ListCommand(reference: MailboxName(""), patterns: [MailboxName("*")])),
        ])
        #expect(d.requests.map(\.tag) == ["c", "r", "s", "l"])
        #expect(d.requests.allSatisfy { !$0.expungesAllowed && !$0.utf8Names })
        #expect(d.send("bad CREATE \"&Jjo\"") == "bad BAD Invalid mailbox name\r\n")
        d.handler = { _ in ([], .no(.alreadyExists, "Mailbox exists")) }
        #expect(d.send("c2 CREATE INBOX") == "c2 NO [ALREADYEXISTS] Mailbox exists\r\n")
    }
}
