import MailCore
import Foundation
import Glibc
import MailroomConfig
import Testing
@testable import MailStore

/// Running as root, mailroom writes a mailbox as its owner (Postfix local(8) "with the rights of the
/// recipient user"): what it creates belongs to the owner, and an existing file of someone else is
/// refused rather than taken over. These need root; as another user they are skipped.
@Suite("mailbox ownership (as root)")
struct MailboxOwnershipTests {
    static let alice = MailboxOwner(uid: 4242, gid: 4243)
    static let mailGroup: gid_t = 4300

    struct Owner: Equatable, CustomStringConvertible {
        var uid: uid_t
        var gid: gid_t
        var mode: mode_t
        var description: String { "\(uid):\(gid) \(String(mode, radix: 8))" }
    }

    func owner(_ path: String) -> Owner? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return Owner(uid: info.st_uid, gid: info.st_gid, mode: info.st_mode & 0o7777)
    }

    /// A temporary directory others may enter, with a home of alice's in it.
    func withHome(_ body: (String, String) throws -> Void) async throws {
        try #require(geteuid() == 0, "needs root to act as another user")
        try await withTemporaryDirectory { directory in
            #expect(chmod(directory, 0o755) == 0)
            let home = "\(directory)/alice"
            #expect(mkdir(home, 0o755) == 0 && chown(home, Self.alice.uid, Self.alice.gid) == 0)
            try body(directory, home)
        }
    }

    /// A spool as Debian makes /var/mail: `root:mail 2775`.
    func debianSpool(_ directory: String) -> String {
        let spool = "\(directory)/mail"
        #expect(mkdir(spool, 0o755) == 0 && chown(spool, 0, Self.mailGroup) == 0 && chmod(spool, 0o2775) == 0)
        return spool
    }

    /// This thread's file system uid, from /proc.
    func threadFileSystemUID() -> String? {
        let status = String(decoding: contents("/proc/thread-self/status"), as: UTF8.self)
        return status.split(separator: "\n").first { $0.hasPrefix("Uid:") }?.split(separator: "\t").last.map(String.init)
    }

    @Test("a Maildir and everything in it are the owner's, the maildrop lock too")
    func maildir() async throws {
        try await withHome { _, home in
            let box = MailboxLocation(format: .maildir, path: "\(home)/Maildir", owner: Self.alice)
            let receipt = try deliver(message(1), to: box)
            let lock = try MaildropLock.acquire(box)
            let taken = try listing(box)
            lock.release()
            #expect(taken.count == 1)
            for path in [box.path, box.path + "/cur", box.path + "/new", box.path + "/tmp"] {
                #expect(owner(path) == Owner(uid: 4242, gid: 4243, mode: 0o700), "\(path)")
            }
            for path in [receipt.path, MaildropLock.path(for: box)] {
                #expect(owner(path) == Owner(uid: 4242, gid: 4243, mode: 0o600), "\(path)")
            }
            #expect(threadFileSystemUID() == "0")
        }
    }

    @Test("an mbox in a group-writable set-group-ID spool is USER:spool-group 0600, as Postfix makes it")
    func groupWritableSpool() async throws {
        try await withHome { directory, _ in
            let spool = debianSpool(directory)
            let box = MailboxLocation(format: .mbox, path: "\(spool)/alice", owner: Self.alice)
            try deliver(message(1), to: box)
            try remove(try listing(box), from: box)
            try deliver(message(2), to: box)
            #expect(owner(box.path) == Owner(uid: 4242, gid: Self.mailGroup, mode: 0o600))
            #expect(try listing(box).count == 1)
        }
    }

    @Test("an mbox in a spool only root may write is created by root and given to the owner")
    func rootOnlySpool() async throws {
        try await withHome { directory, _ in
            let spool = "\(directory)/mail"
            #expect(mkdir(spool, 0o755) == 0)
            let box = MailboxLocation(format: .mbox, path: "\(spool)/alice", owner: Self.alice)
            try deliver(message(1), to: box)
            #expect(owner(box.path) == Owner(uid: 4242, gid: 4243, mode: 0o600))
        }
    }

    @Test("an existing mbox keeps its group and mode 0660 (useradd's CREATE_MAIL_SPOOL)")
    func existingMode() async throws {
        try await withHome { directory, _ in
            let spool = debianSpool(directory)
            let box = MailboxLocation(format: .mbox, path: "\(spool)/alice", owner: Self.alice)
            write([], to: box.path)
            #expect(chown(box.path, Self.alice.uid, Self.mailGroup) == 0 && chmod(box.path, 0o660) == 0)
            try deliver(message(1), to: box)
            let taken = try listing(box)
            try deliver(message(2), to: box)
            try remove(taken, from: box)
            #expect(owner(box.path) == Owner(uid: 4242, gid: Self.mailGroup, mode: 0o660))
            #expect(try listing(box).count == 1)
        }
    }

    @Test("an existing mbox of another user is refused and left as it was, not taken over")
    func foreignMbox() async throws {
        try await withHome { directory, _ in
            let spool = "\(directory)/mail"
            #expect(mkdir(spool, 0o1777) == 0 && chmod(spool, 0o1777) == 0)
            let box = MailboxLocation(format: .mbox, path: "\(spool)/alice", owner: Self.alice)
            write(bytes("someone else's\n"), to: box.path)
            #expect(chown(box.path, 4244, 4244) == 0 && chmod(box.path, 0o666) == 0)
            #expect { try deliver(message(1), to: box) } throws: { error in
                (error as? MailStoreError)?.code == .notAMailbox
            }
            #expect(owner(box.path) == Owner(uid: 4244, gid: 4244, mode: 0o666))
            #expect(contents(box.path) == bytes("someone else's\n"))
            #expect(threadFileSystemUID() == "0")
        }
    }

    @Test("acting as the owner, a directory only root may enter stays shut, though root owns it")
    func actsAsOwner() async throws {
        try await withHome { directory, _ in
            #expect(mkdir("\(directory)/private", 0o700) == 0)
            let rootBox = MailboxLocation(format: .maildir, path: "\(directory)/private/Maildir")
            try deliver(message(1), to: rootBox)
            let wrong = MailboxLocation(format: .maildir, path: rootBox.path, owner: Self.alice)
            #expect { try deliver(message(2), to: wrong) } throws: { error in
                (error as? MailStoreError)?.errorNumber == EACCES
            }
            #expect(entries(rootBox.path + "/new").count == 1)
            #expect(threadFileSystemUID() == "0")
        }
    }
}
