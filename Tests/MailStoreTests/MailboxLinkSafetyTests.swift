import MailCore
import Foundation
import Glibc
import MailroomConfig
import Testing
@testable import MailStore

/// A user who can write their own home must not be able to make a delivery, a POP3 read or an expunge
/// touch another user's files by planting a symbolic or hard link there (Postfix's `safe_open()` and
/// `strict_mailbox_ownership`). Links are planted as "the user": owned by another uid when the tests run
/// as root, by the test's own (non-root) uid otherwise; either way not root's, so not followed.
@Suite("mailbox links planted by a user")
struct MailboxLinkSafetyTests {
    /// A uid that is neither root nor the test's: the planting user.
    static let plantingUser: uid_t = 4242

    /// Creates a symbolic link as the planting user.
    func plantSymlink(_ target: String, at path: String) {
        #expect(symlink(target, path) == 0)
        if geteuid() == 0 {
            #expect(lchown(path, Self.plantingUser, Self.plantingUser) == 0)
        }
    }

    /// The victim's Maildir with one message, and its files' contents.
    func victimMaildir(_ directory: String) throws -> (MailboxLocation, [String: [UInt8]]) {
        let victim = MailboxLocation(format: .maildir, path: "\(directory)/bob/Maildir")
        try deliver(bytes("Subject: bob's\r\n\r\nprivate\r\n"), to: victim)
        return (victim, tree(victim.path))
    }

    /// The victim's mbox and its contents.
    func victimMbox(_ directory: String) -> (String, [UInt8]) {
        let victim = "\(directory)/bob"
        write(bytes("From a@b Thu Jan  1 00:00:00 2025\nSubject: bob's\n\nprivate\n\n"), to: victim)
        return (victim, contents(victim))
    }

    /// Every file under `root` with its contents.
    func tree(_ root: String) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for case let name as String in FileManager.default.enumerator(atPath: root) ?? FileManager.DirectoryEnumerator() {
            var info = stat()
            if lstat("\(root)/\(name)", &info) == 0, info.st_mode & S_IFMT == S_IFREG {
                files[name] = contents("\(root)/\(name)")
            }
        }
        return files
    }

    func expectRefused(_ body: () throws -> Void) {
        #expect { try body() } throws: { error in
            guard let error = error as? MailStoreError else { return false }
            return error.code == .notAMailbox && error.isTemporary
        }
    }

    @Test("~/Maildir as a link to another user's Maildir: delivery, contains and listing refuse it")
    func symlinkedMaildir() async throws {
        try await withTemporaryDirectory { directory in
            let (victim, before) = try victimMaildir(directory)
            #expect(mkdir("\(directory)/alice", 0o755) == 0)
            plantSymlink(victim.path, at: "\(directory)/alice/Maildir")
            let alice = MailboxLocation(format: .maildir, path: "\(directory)/alice/Maildir")
            expectRefused { try deliver(bytes("Subject: for alice\r\n\r\nx\r\n"), to: alice) }
            expectRefused { _ = try testAgent().contains(deliveryID: "Q1_0", in: alice) }
            expectRefused { _ = try listing(alice) }
            expectRefused { _ = try MaildropLock.acquire(alice) }
            #expect(tree(victim.path) == before)
        }
    }

    @Test("~/Maildir swapped for a link to another user's Maildir after it was checked and used: still refused")
    func symlinkedMaildirAfterUse() async throws {
        try await withTemporaryDirectory { directory in
            let (victim, before) = try victimMaildir(directory)
            #expect(mkdir("\(directory)/alice", 0o755) == 0)
            let alice = MailboxLocation(format: .maildir, path: "\(directory)/alice/Maildir")
            try deliver(bytes("Subject: for alice\r\n\r\nx\r\n"), to: alice)
            #expect(try listing(alice).count == 1)
            #expect(rename(alice.path, "\(directory)/alice/Maildir.old") == 0)
            plantSymlink(victim.path, at: alice.path)
            expectRefused { try deliver(bytes("Subject: for alice\r\n\r\ny\r\n"), to: alice) }
            expectRefused { _ = try listing(alice) }
            #expect(tree(victim.path) == before)
        }
    }

    @Test("new/ as a link to another user's new/: delivery and listing refuse it")
    func symlinkedNew() async throws {
        try await withTemporaryDirectory { directory in
            let (victim, before) = try victimMaildir(directory)
            let alice = MailboxLocation(format: .maildir, path: "\(directory)/alice/Maildir")
            #expect(mkdir("\(directory)/alice", 0o755) == 0)
            for path in [alice.path, alice.path + "/cur", alice.path + "/tmp"] {
                #expect(mkdir(path, 0o700) == 0)
            }
            plantSymlink(victim.path + "/new", at: alice.path + "/new")
            expectRefused { try deliver(bytes("Subject: for alice\r\n\r\nx\r\n"), to: alice) }
            expectRefused { _ = try listing(alice) }
            #expect(tree(victim.path) == before)
        }
    }

    @Test("a listing taken before new/ became a link cannot read or remove through it")
    func linkAfterSnapshot() async throws {
        try await withTemporaryDirectory { directory in
            let (victim, before) = try victimMaildir(directory)
            let alice = MailboxLocation(format: .maildir, path: "\(directory)/alice/Maildir")
            try deliver(message(1), to: alice)
            let taken = try listing(alice)
            let ownNew = alice.path + "/new"
            #expect(rename(ownNew, alice.path + "/old") == 0)
            plantSymlink(victim.path + "/new", at: ownNew)
            expectRefused { _ = try readAll(alice, taken[0]) }
            expectRefused { try remove(taken, from: alice) }
            #expect(tree(victim.path) == before)
        }
    }

    @Test("a Maildir directory of a third user on the way is refused")
    func foreignDirectory() async throws {
        try #require(geteuid() == 0, "needs root to give a directory away")
        await withTemporaryDirectory { directory in
            let alice = MailboxLocation(format: .maildir, path: "\(directory)/alice/Maildir")
            #expect(mkdir("\(directory)/alice", 0o755) == 0)
            #expect(chown("\(directory)/alice", Self.plantingUser, Self.plantingUser) == 0)
            expectRefused { try deliver(message(1), to: alice) }
            #expect(!FileManager.default.fileExists(atPath: alice.path))
        }
    }

    @Test("root's own links are followed, as Postfix follows /var/mail -> spool/mail")
    func rootLinkFollowed() async throws {
        try #require(geteuid() == 0, "only root can own such a link")
        try await withTemporaryDirectory { directory in
            #expect(mkdir("\(directory)/spool", 0o755) == 0)
            #expect(symlink("spool", "\(directory)/mail") == 0)
            let box = MailboxLocation(format: .mbox, path: "\(directory)/mail/alice")
            try deliver(message(1), to: box)
            #expect(try listing(box).count == 1)
            #expect(FileManager.default.fileExists(atPath: "\(directory)/spool/alice"))
        }
    }

    @Test("/var/mail/alice as a link to another mbox is refused (O_NOFOLLOW), the other file untouched")
    func symlinkedMbox() async throws {
        await withTemporaryDirectory { directory in
            let (victim, before) = victimMbox(directory)
            let alice = MailboxLocation(format: .mbox, path: "\(directory)/alice")
            plantSymlink(victim, at: alice.path)
            expectRefused { try deliver(message(1), to: alice) }
            expectRefused { _ = try listing(alice) }
            #expect(contents(victim) == before)
        }
    }

    @Test("/var/mail/alice as a hard link to another mbox is refused: more than one link")
    func hardLinkedMbox() async throws {
        await withTemporaryDirectory { directory in
            let (victim, before) = victimMbox(directory)
            let alice = MailboxLocation(format: .mbox, path: "\(directory)/alice")
            #expect(link(victim, alice.path) == 0)
            expectRefused { try deliver(message(1), to: alice) }
            expectRefused { _ = try listing(alice) }
            #expect(contents(victim) == before)
        }
    }

    @Test("a dot-lock planted as a link is a held lock, never written through")
    func symlinkedDotLock() async throws {
        await withTemporaryDirectory { directory in
            let victim = "\(directory)/victim"
            write(bytes("precious\n"), to: victim)
            // Old enough to be stale if its target's age counted.
            var old = [timespec(tv_sec: 1, tv_nsec: 0), timespec(tv_sec: 1, tv_nsec: 0)]
            #expect(utimensat(AT_FDCWD, victim, &old, 0) == 0)
            let alice = MailboxLocation(format: .mbox, path: "\(directory)/alice")
            plantSymlink(victim, at: alice.path + ".lock")
            #expect { try deliver(message(1), to: alice, agent: testAgent(lockTimeout: .milliseconds(50))) } throws: { error in
                (error as? MailStoreError)?.code == .mailboxLocked
            }
            #expect(contents(victim) == bytes("precious\n"))
            var info = stat()
            #expect(lstat(alice.path + ".lock", &info) == 0 && info.st_mode & S_IFMT == S_IFLNK)
        }
    }

    @Test("a Maildir message that is another user's file is not read")
    func foreignMessageFile() async throws {
        try #require(geteuid() == 0, "needs root to give a file away")
        try await withTemporaryDirectory { directory in
            let alice = MailboxLocation(format: .maildir, path: "\(directory)/alice/Maildir")
            try deliver(message(1), to: alice)
            let taken = try listing(alice)
            guard case .maildirFile(let path) = taken[0].location.storage else { return }
            #expect(chown(path, Self.plantingUser, Self.plantingUser) == 0)
            expectRefused { _ = try readAll(alice, taken[0]) }
        }
    }
}
