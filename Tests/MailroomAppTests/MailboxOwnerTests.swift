import Accounts
import Foundation
import Glibc
import MailCore
import MailStore
import MailroomConfig
import Testing

@testable import MailroomApp

/// Whose an account's mailbox is: the uid and gid its database names, else `virtual_uid` and
/// `virtual_gid`, which default to the data directory's owner.
@Suite("mailbox owners")
struct MailboxOwnerTests {
    private func settings(_ directory: String, _ extra: String = "") throws -> Settings {
        try Settings.parse("data_directory = \(directory)\nmail_location = maildir:~/Maildir\n\(extra)", file: "mailroom.cf").settings
    }

    private func account(_ name: String, uid: UInt32?, gid: UInt32?) -> Account {
        Account(name: name, address: EmailAddress(name.contains("@") ? name : name + "@example.test")!,
                home: "/home/\(name)", uid: uid, gid: gid, passwordHash: PasswordHash(crypt: "*"))
    }

    @Test("virtual_uid and virtual_gid default to the data directory's owner and group")
    func dataDirectoryOwner() throws {
        let directory = NSTemporaryDirectory()
        var info = stat()
        #expect(stat(directory, &info) == 0)
        #expect(try VirtualMailOwner.resolve(settings(directory)) == MailboxOwner(uid: info.st_uid, gid: info.st_gid))
        #expect(try VirtualMailOwner.resolve(settings(directory, "virtual_uid = 5000\nvirtual_gid = 5001\n"))
            == MailboxOwner(uid: 5000, gid: 5001))
    }

    @Test("an account's own uid and gid win; a virtual account gets virtual_uid and virtual_gid")
    func inboxOwners() throws {
        let inbox = MailServices.inboxFinder(try settings("/srv"), virtualOwner: MailboxOwner(uid: 5000, gid: 5001))
        #expect(try inbox(account("alice", uid: 1000, gid: 100)).owner == MailboxOwner(uid: 1000, gid: 100))
        #expect(try inbox(account("v@example.test", uid: nil, gid: nil)).owner == MailboxOwner(uid: 5000, gid: 5001))
        #expect(try inbox(account("w@example.test", uid: 6000, gid: nil)).owner == MailboxOwner(uid: 6000, gid: 5001))
    }

    @Test("first_valid_uid and last_valid_uid make the authenticator's range; 0 is no upper limit")
    func validUIDs() throws {
        #expect(MailServices.validUIDs(try settings("/srv")) == ValidUIDRange(first: 1000, last: nil))
        #expect(MailServices.validUIDs(try settings("/srv", "first_valid_uid = 0\nlast_valid_uid = 999\n"))
            == ValidUIDRange(first: 0, last: 999))
    }
}
