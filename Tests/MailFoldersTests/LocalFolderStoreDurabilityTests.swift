import Dispatch
import Foundation
import MailCore
import MailFolders
import MailIndex
import MailStore
import Synchronization
import Testing

/// What the store syncs, as Dovecot's `mail_fsync = optimized` does (issue 10): a saved message's
/// file and directory before APPEND returns; not the renames of a flag change. And APPEND's steps
/// outside the account's lock (the message written to `tmp/` first) leave nothing behind.
@Suite("LocalFolderStore durability and APPEND in steps (RFC 9051 §6.3.12, §6.4.6)")
struct LocalFolderStoreDurabilityTests {
    static let sessions = 4
    static let appendsPerSession = 12

    @Test("APPEND syncs cur/ before it returns; STORE's renames into cur/ are not synced")
    func whatIsSynced() throws {
        try withTemporaryDirectory { directory in
            let account = TestAccount(directory: directory, format: .maildir)
            try account.deliver(message("one"))
            let store = try account.store()
            let uid = try #require(try store.open("INBOX").messages.first?.uid)
            let cur = directory + "/Maildir/cur"
            account.fileSystem.reset()
            _ = try store.append(Array(message("two").utf8), flags: flags(.seen), internalDate: nil, to: "INBOX")
            #expect(account.fileSystem.opens.contains(cur), "cur/ opened to be synced")
            #expect(account.fileSystem.opens.contains { $0.hasPrefix(directory + "/Maildir/tmp/") })
            account.fileSystem.reset()
            let changed = try store.changeFlags(.add(flags(.flagged)), uids: [uid], in: "INBOX", unchangedSince: nil).changed
            #expect(changed.map(\.uid) == [uid])
            #expect(try account.maildirNames().contains { $0.hasPrefix("cur/") && $0.hasSuffix(":2,F") })
            #expect(!account.fileSystem.opens.contains(cur), "a flag change does not sync cur/")
        }
    }

    @Test("APPEND to a Maildir without tmp/ makes it; to a folder that does not exist stores nothing")
    func missingTemporaryDirectory() throws {
        try withTemporaryDirectory { directory in
            let account = TestAccount(directory: directory, format: .maildir)
            let store = try account.store()
            try store.createFolder("Work", specialUse: nil)
            let work = try account.layout.location(of: "Work").path
            try FileManager.default.removeItem(atPath: work + "/tmp")
            let appended = try store.append(Array(message("work").utf8), flags: MessageFlags(), internalDate: nil, to: "Work")
            #expect(try store.open("Work").messages.map(\.uid) == [appended.message.uid])
            #expect(try FileManager.default.contentsOfDirectory(atPath: work + "/tmp").isEmpty)
            do throws(FolderStoreError) {
                _ = try store.append(Array(message("lost").utf8), flags: MessageFlags(), internalDate: nil, to: "Nowhere")
                Issue.record("appended to a folder that does not exist")
            } catch {
                #expect(error.code == .nonexistent)
            }
            #expect(!FileManager.default.fileExists(atPath: try account.layout.location(of: "Nowhere").path))
        }
    }

    @Test("RFC 9051 §2.3.1.1: sessions appending at once, to one folder and to folders of their own, get distinct ascending UIDs")
    func concurrentAppends() throws {
        try withTemporaryDirectory { directory in
            let account = TestAccount(directory: directory, format: .maildir)
            let store = try account.store()
            for session in 0..<Self.sessions {
                try store.createFolder("Own\(session)", specialUse: nil)
            }
            try store.createFolder("Shared", specialUse: nil)
            let failures = Mutex<[String]>([])
            let shared = Mutex<[UInt32]>([])
            DispatchQueue.concurrentPerform(iterations: Self.sessions) { session in
                do {
                    var own: [UInt32] = []
                    for number in 0..<Self.appendsPerSession {
                        let text = message("append \(session)-\(number)")
                        own.append(try store.append(Array(text.utf8), flags: flags(.seen), internalDate: nil, to: "Own\(session)").message.uid)
                        let uid = try store.append(Array(text.utf8), flags: MessageFlags(), internalDate: nil, to: "Shared").message.uid
                        shared.withLock { $0.append(uid) }
                    }
                    if own != Array(1...UInt32(Self.appendsPerSession)) {
                        failures.withLock { $0.append("Own\(session) got UIDs \(own)") }
                    }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 }.isEmpty)
            let total = Self.sessions * Self.appendsPerSession
            #expect(Set(shared.withLock { $0 }) == Set(1...UInt32(total)))
            #expect(try store.open("Shared").messages.count == total)
            for folder in ["Shared"] + (0..<Self.sessions).map({ "Own\($0)" }) {
                let path = try account.layout.location(of: folder).path
                #expect(try FileManager.default.contentsOfDirectory(atPath: path + "/tmp").isEmpty, "\(folder)/tmp")
                #expect(try account.maildirNames(folder).count == (folder == "Shared" ? total : Self.appendsPerSession))
            }
        }
    }
}
