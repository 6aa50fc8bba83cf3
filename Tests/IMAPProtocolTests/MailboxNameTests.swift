import MailCore
import Testing

@testable import IMAPProtocol

/// Modified UTF-7 (RFC 3501 §5.1.3) and the two ways a mailbox name is read (RFC 9051 §5.1, RFC 6855 §3).
@Suite("Mailbox names and modified UTF-7")
struct MailboxNameTests {
    @Test("RFC 3501 §5.1.3 examples and round trips", arguments: [
        ("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"),
        ("&Jjo!", "&-Jjo!"),
        ("Entwürfe", "Entw&APw-rfe"),
        ("Gesendete Objekte", "Gesendete Objekte"),
        ("已发送", "&XfJT0ZAB-"),
        ("😀 mail", "&2D3eAA- mail"),
        ("tab\there", "tab&AAk-here"),
        ("", ""),
    ])
    func examples(text: String, encoded: String) throws {
        #expect(ModifiedUTF7.encode(text) == encoded)
        #expect(try ModifiedUTF7.decode(Array(encoded.utf8)) == text)
    }

    @Test("Malformed modified UTF-7 is refused", arguments: [
        "&", "&U,BTFw", "&U,BTFw-&ZeVnLIqe-", "&AGE-", "&AOR-", "&2AA-", "&3gA-", "&A-", "&AOQ", "&AO Q-",
        "&AOQ=-", "caf\u{e9}", "a\u{7f}b", "&AOQAAAA-",
    ])
    func malformed(text: String) {
        #expect(throws: ModifiedUTF7.DecodingError.self) { try ModifiedUTF7.decode(Array(text.utf8)) }
    }

    @Test("An IMAP4rev1 session reads ASCII names as modified UTF-7 and 8-bit names as UTF-8")
    func rev1Names() throws {
        #expect(try MailboxName("Entw&APw-rfe").decoded(utf8Names: false) == "Entwürfe")
        #expect(try MailboxName("Entwürfe").decoded(utf8Names: false) == "Entwürfe")
        #expect(throws: MailboxName.DecodingError.self) { try MailboxName("AT&T").decoded(utf8Names: false) }
        #expect(throws: MailboxName.DecodingError.self) { try MailboxName([0x66, 0xFF]).decoded(utf8Names: false) }
    }

    @Test("After ENABLE IMAP4rev2 or UTF8=ACCEPT names are UTF-8 and & is an ordinary character")
    func utf8Names() throws {
        #expect(try MailboxName("AT&T").decoded(utf8Names: true) == "AT&T")
        #expect(try MailboxName("Entw&APw-rfe").decoded(utf8Names: true) == "Entw&APw-rfe")
        #expect(throws: MailboxName.DecodingError.self) { try MailboxName([0xC3]).decoded(utf8Names: true) }
    }

    @Test("Control characters never make a name, in either encoding")
    func controls() {
        #expect(throws: MailboxName.DecodingError.self) { try MailboxName("tab&AAk-here").decoded(utf8Names: false) }
        #expect(throws: MailboxName.DecodingError.self) { try MailboxName("a\u{85}b").decoded(utf8Names: true) }
    }

    @Test("Names are written for the session: modified UTF-7 for IMAP4rev1, UTF-8 after ENABLE")
    func encoding() {
        #expect(MailboxName.encoding("Entwürfe", utf8Names: false) == MailboxName("Entw&APw-rfe"))
        #expect(MailboxName.encoding("Entwürfe", utf8Names: true) == MailboxName("Entwürfe"))
        #expect(MailboxName.encoding("inbox", utf8Names: false).isInbox)
    }
}
