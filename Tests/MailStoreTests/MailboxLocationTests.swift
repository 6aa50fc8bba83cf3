import MailCore
import MailroomConfig
import Testing
@testable import MailStore

@Suite("MailboxLocation: mail_location resolved per account")
struct MailboxLocationTests {
    let alice = EmailAddress("alice@Example.TEST")!

    func inbox(_ location: MailLocation, name: String = "alice", home: String = "/home/alice") throws -> MailboxLocation {
        try MailboxLocation(inboxOf: location, name: name, address: alice, home: home)
    }

    @Test("maildir:~/Maildir: the INBOX is the root itself (Maildir++)")
    func maildirInboxIsTheRoot() throws {
        let box = try inbox(MailLocation(format: .maildir, root: "~/Maildir"))
        #expect(box == MailboxLocation(format: .maildir, path: "/home/alice/Maildir"))
    }

    @Test("mbox INBOX=/var/mail/%u is the file mail(1) reads")
    func mboxInboxFromOption() throws {
        let location = MailLocation(format: .mbox, root: "~/mail", inbox: "/var/mail/%u")
        #expect(try inbox(location).path == "/var/mail/alice")
        #expect(try inbox(location, name: "alice@example.test").path == "/var/mail/alice@example.test")
    }

    @Test("mbox without INBOX= uses ROOT/inbox, as Dovecot does")
    func mboxDefaultInbox() throws {
        let box = try inbox(MailLocation(format: .mbox, root: "~/mail"))
        #expect(box == MailboxLocation(format: .mbox, path: "/home/alice/mail/inbox"))
    }

    @Test("maildir with INBOX= keeps the INBOX elsewhere")
    func maildirInboxOption() throws {
        let box = try inbox(MailLocation(format: .maildir, root: "~/Maildir", inbox: "/srv/inbox/%d/%n"))
        #expect(box.path == "/srv/inbox/example.test/alice")
    }

    @Test("variables: %n %d %h %% %Lu %{domain}; a trailing slash is dropped", arguments: [
        ("/var/vmail/%d/%n/", "/var/vmail/example.test/Alice"),
        ("%h/Maildir", "/home/alice/Maildir"),
        ("/srv/%Lu", "/srv/alice@example.test"),
        ("/srv/%Un", "/srv/ALICE"),
        ("/srv/100%%/%{domain}/%{username}", "/srv/100%/example.test/Alice"),
        ("~", "/home/alice"),
    ])
    func variables(template: String, expected: String) throws {
        let address = EmailAddress("Alice@example.test")!
        let box = try MailboxLocation(
            inboxOf: MailLocation(format: .maildir, root: template),
            name: "Alice@example.test", address: address, home: "/home/alice/")
        #expect(box.path == expected)
    }

    @Test("a path that is not absolute is a temporary configuration error")
    func relativePath() {
        #expect {
            try inbox(MailLocation(format: .maildir, root: "Maildir"))
        } throws: { error in
            let error = error as? MailStoreError
            return error?.code == .invalidLocation && error?.isTemporary == true && error?.enhancedStatusCode == "4.3.5"
        }
        #expect(throws: MailStoreError.self) {
            try inbox(MailLocation(format: .maildir, root: "~/Maildir"), home: "")
        }
    }

    @Test("an account name cannot climb out of the mail tree", arguments: ["..", "a/b", "."])
    func unsafeNames(name: String) {
        #expect(throws: MailStoreError.self) {
            try inbox(MailLocation(format: .mbox, root: "~/mail", inbox: "/var/mail/%u"), name: name)
        }
    }

    @Test("an unknown variable is an error, not a literal path")
    func unknownVariable() {
        #expect(throws: MailStoreError.self) {
            try inbox(MailLocation(format: .maildir, root: "/srv/%q"))
        }
    }
}
