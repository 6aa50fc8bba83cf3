import Glibc
import Testing
@testable import MailStore

@Suite("CheckedDirectories: a walked path is trusted again only while it leads to the same unchanged directory")
struct CheckedDirectoriesTests {
    /// A memory whose clock is a minute ahead, so directories made by the test are old enough to keep.
    func memory() -> CheckedDirectories {
        CheckedDirectories(now: { time(nil) + 60 })
    }

    func key(_ path: String, _ subdirectories: [String] = ["cur", "new", "tmp"]) -> CheckedDirectories.Key {
        CheckedDirectories.Key(path: path, subdirectories: subdirectories, owner: geteuid(), server: geteuid())
    }

    func makeMaildir(_ path: String) {
        for directory in [path, "\(path)/cur", "\(path)/new", "\(path)/tmp"] {
            #expect(mkdir(directory, 0o700) == 0)
        }
    }

    func walker() -> PathWalker {
        PathWalker(owner: geteuid(), server: geteuid())
    }

    @Test("remembered after a full walk; forgotten once the directory's entries change or the path leads elsewhere")
    func rememberedWhileUnchanged() async throws {
        try await withTemporaryDirectory { directory in
            let mailbox = "\(directory)/alice/Maildir"
            #expect(mkdir("\(directory)/alice", 0o755) == 0)
            makeMaildir(mailbox)
            let checked = memory()
            #expect(!checked.stillLeadsToChecked(key(mailbox)))
            try walker().check(mailbox, subdirectories: ["cur", "new", "tmp"], checked: checked)
            #expect(checked.stillLeadsToChecked(key(mailbox)))
            #expect(!checked.stillLeadsToChecked(key(mailbox, [])), "checked with other subdirectories")

            #expect(mkdir("\(mailbox)/.Sent", 0o700) == 0)
            #expect(!checked.stillLeadsToChecked(key(mailbox)), "a change of the directory's entries moves its ctime")
            try walker().check(mailbox, subdirectories: ["cur", "new", "tmp"], checked: checked)
            #expect(checked.stillLeadsToChecked(key(mailbox)))

            #expect(rename(mailbox, "\(directory)/alice/Maildir.old") == 0)
            makeMaildir(mailbox)
            #expect(!checked.stillLeadsToChecked(key(mailbox)), "another directory at the same path")
        }
    }

    @Test("cur/ replaced by a link after the walk: the next check walks again and refuses it")
    func subdirectorySwappedAfterWalk() async throws {
        try await withTemporaryDirectory { directory in
            let mailbox = "\(directory)/alice/Maildir"
            #expect(mkdir("\(directory)/alice", 0o755) == 0)
            makeMaildir(mailbox)
            #expect(mkdir("\(directory)/elsewhere", 0o700) == 0)
            let checked = memory()
            try walker().check(mailbox, subdirectories: ["cur", "new", "tmp"], checked: checked)
            #expect(rmdir("\(mailbox)/cur") == 0)
            #expect(symlink("\(directory)/elsewhere", "\(mailbox)/cur") == 0)
            #expect(throws: MailStoreError.self) {
                try walker().check(mailbox, subdirectories: ["cur", "new", "tmp"], checked: checked)
            }
        }
    }

    @Test("a directory changed within the last second is not remembered: a change later in the same tick could not be told apart")
    func recentlyChangedNotRemembered() async throws {
        try await withTemporaryDirectory { directory in
            let mailbox = "\(directory)/Maildir"
            makeMaildir(mailbox)
            let checked = CheckedDirectories()
            try walker().check(mailbox, subdirectories: ["cur", "new", "tmp"], checked: checked)
            #expect(!checked.stillLeadsToChecked(key(mailbox)))
        }
    }

    @Test("past its capacity the memory forgets every path, which is then walked again")
    func capacity() async throws {
        try await withTemporaryDirectory { directory in
            let checked = CheckedDirectories(capacity: 2, now: { time(nil) + 60 })
            let mailboxes = (1...3).map { "\(directory)/m\($0)" }
            for mailbox in mailboxes {
                makeMaildir(mailbox)
                try walker().check(mailbox, subdirectories: ["cur", "new", "tmp"], checked: checked)
            }
            #expect(mailboxes.map { checked.stillLeadsToChecked(key($0)) } == [false, false, true])
        }
    }

    @Test("a path with a missing component is not remembered")
    func missingNotRemembered() async throws {
        try await withTemporaryDirectory { directory in
            let checked = memory()
            try walker().check("\(directory)/nobody/Maildir", subdirectories: ["cur", "new", "tmp"], checked: checked)
            #expect(!checked.stillLeadsToChecked(key("\(directory)/nobody/Maildir")))
        }
    }
}
