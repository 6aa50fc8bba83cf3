import MailCore
@testable import MailroomConfig
import Testing

/// Postfix's `home_mailbox` and `mail_spool_directory` decide `mail_location` when it is not written,
/// as local(8) delivers.
@Suite("home_mailbox and mail_spool_directory")
struct PostfixMailboxTests {
    @Test("each Postfix spelling gives the location local(8) delivers to", arguments: [
        ("home_mailbox = Maildir/", MailLocation(format: .maildir, root: "~/Maildir")),
        ("home_mailbox = Mailbox", MailLocation(format: .mbox, root: "~/mail", inbox: "~/Mailbox")),
        ("mail_spool_directory = /var/spool/mail", MailLocation(format: .mbox, root: "~/mail", inbox: "/var/spool/mail/%u")),
        ("mail_spool_directory = /var/mail/", MailLocation(format: .maildir, root: "/var/mail/%u")),
    ])
    func derived(_ line: String, _ expected: MailLocation) throws {
        let loaded = try load(line)
        #expect(loaded.settings.mailLocation == expected)
        #expect(loaded.warnings.isEmpty)
    }

    @Test("mail_location, when written, wins; a home_mailbox that disagrees is named in a warning")
    func mailLocationWins() throws {
        let agreeing = try load("home_mailbox = Maildir/", "mail_location = maildir:~/Maildir")
        #expect(agreeing.warnings.isEmpty)
        let disagreeing = try load("home_mailbox = Mailbox", "mail_location = maildir:~/Maildir")
        #expect(disagreeing.settings.mailLocation == MailLocation(format: .maildir, root: "~/Maildir"))
        #expect(disagreeing.warnings.map(\.line) == [2])
        #expect(try load().settings.mailLocation == MailLocation(format: .maildir, root: "~/Maildir"), "the default stays")
    }
}
