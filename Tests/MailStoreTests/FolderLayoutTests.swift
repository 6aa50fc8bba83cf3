import MailCore
import Testing
@testable import MailStore

@Suite("folders on disk, as Dovecot lays them out")
struct FolderLayoutTests {
    let maildir = FolderLayout(root: "/home/alice/Maildir", inbox: MailboxLocation(format: .maildir, path: "/home/alice/Maildir"))
    let mbox = FolderLayout(root: "/home/alice/mail", inbox: MailboxLocation(format: .mbox, path: "/var/mail/alice"))

    @Test("Maildir++: INBOX is the root, folders are .a.b, names in modified UTF-7", arguments: [
        ("INBOX", "/home/alice/Maildir"),
        ("inbox", "/home/alice/Maildir"),
        ("Sent", "/home/alice/Maildir/.Sent"),
        ("Work/2026", "/home/alice/Maildir/.Work.2026"),
        ("INBOX/Lists", "/home/alice/Maildir/.INBOX.Lists"),
        ("Entwürfe", "/home/alice/Maildir/.Entw&APw-rfe"),
        ("已发送", "/home/alice/Maildir/.&XfJT0ZAB-"),
        ("Tom & Jerry", "/home/alice/Maildir/.Tom &- Jerry"),
    ])
    func maildirPaths(name: String, path: String) throws {
        #expect(try maildir.location(of: name).path == path)
    }

    @Test("mbox: INBOX is its file, folders are files under the root", arguments: [
        ("INBOX", "/var/mail/alice"),
        ("Sent", "/home/alice/mail/Sent"),
        ("Work/2026", "/home/alice/mail/Work/2026"),
    ])
    func mboxPaths(name: String, path: String) throws {
        #expect(try mbox.location(of: name).path == path)
    }

    @Test("names that would leave the root or alias another folder are refused", arguments: [
        "..", "../bob", "a/../../etc", ".hidden", "a/.b", "a//b", "/abs", "a/", "", "tab\there", "nul\u{0}",
        String(repeating: "x", count: 256),
    ])
    func refused(name: String) {
        #expect(throws: MailStoreError.self) { try maildir.location(of: name) }
        #expect(throws: MailStoreError.self) { try mbox.location(of: name) }
    }

    @Test("a . inside a level cannot be stored in Maildir++; mbox takes it")
    func dotInName() throws {
        #expect(throws: MailStoreError.self) { try maildir.location(of: "v1.2") }
        #expect(try mbox.location(of: "v1.2").path == "/home/alice/mail/v1.2")
    }

    @Test("INBOX has no folders below it in an mbox store (it is a file)")
    func mboxInboxChildren() {
        #expect(throws: MailStoreError.self) { try mbox.location(of: "INBOX/Lists") }
    }

    @Test("a Maildir++ directory entry names the folder it stores; other entries name none")
    func listing() throws {
        for name in ["Sent", "Work/2026", "Entwürfe", "已发送", "Tom & Jerry", "INBOX/Lists"] {
            let entry = try maildir.location(of: name).path.split(separator: "/").last.map(String.init)!
            #expect(maildir.folderName(ofMaildirEntry: entry) == name)
        }
        for entry in ["cur", "new", "tmp", ".", "..", ".a..b", ".&AGE-", ".bad&", "mailroom.index", ".."] {
            #expect(maildir.folderName(ofMaildirEntry: entry) == nil, "\(entry)")
        }
    }

    @Test("folders keep the INBOX's owner")
    func owner() throws {
        let owned = FolderLayout(root: "/h/Maildir", inbox: MailboxLocation(format: .maildir, path: "/h/Maildir",
                                                                            owner: MailboxOwner(uid: 1001, gid: 1001)))
        #expect(try owned.location(of: "Sent").owner == MailboxOwner(uid: 1001, gid: 1001))
    }
}
