import Foundation
import Synchronization
import Testing
@testable import MailIndex

/// A fresh index file in a temporary directory, removed afterwards.
func withIndexFile(_ body: (String) throws -> Void) throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mailindex-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try body(directory.appendingPathComponent("index.sqlite").path)
}

func entry(_ key: String, _ flags: MessageFlags = MessageFlags(), size: Int64 = 100) -> StoredEntry {
    StoredEntry(key: key, flags: flags, internalDate: 1_700_000_000, size: size)
}

@Suite("folders (RFC 9051 §6.3)")
struct FolderTests {
    @Test("CREATE, STATUS, RENAME with the folders below, DELETE; INBOX in any case is INBOX")
    func lifecycle() throws {
        let index = try SQLiteMailIndex(path: ":memory:")
        let inbox = try index.createFolder("inbox", specialUse: nil)
        #expect(inbox.name == "INBOX")
        #expect(inbox.uidNext == 1 && inbox.messageCount == 0)
        #expect(throws: IndexError.self) { try index.createFolder("INBOX", specialUse: nil) }
        try index.createFolder("Work", specialUse: nil)
        try index.createFolder("Work/2026", specialUse: nil)
        try index.createFolder("Workshop", specialUse: nil)
        try index.createFolder("Sent", specialUse: "\\Sent")
        try index.renameFolder("Work", to: "Archive/Work")
        #expect(try index.folders().map(\.name) == ["Archive/Work", "Archive/Work/2026", "INBOX", "Sent", "Workshop"])
        #expect(try index.status(of: "Sent")?.specialUse == "\\Sent")
        try index.deleteFolder("Workshop")
        #expect(try index.status(of: "Workshop") == nil)
        do throws(IndexError) {
            try index.deleteFolder("Workshop")
            Issue.record("deleted a folder twice")
        } catch {
            #expect(error.code == .nonexistent)
        }
    }

    @Test("RENAME onto an existing name is [ALREADYEXISTS], and changes nothing")
    func renameOntoExisting() throws {
        let index = try SQLiteMailIndex(path: ":memory:")
        try index.createFolder("a", specialUse: nil)
        try index.createFolder("a/x", specialUse: nil)
        try index.createFolder("b", specialUse: nil)
        try index.createFolder("b/x", specialUse: nil)
        do throws(IndexError) {
            try index.renameFolder("a", to: "c")
            try index.renameFolder("c", to: "b")
            Issue.record("renamed onto an existing folder")
        } catch {
            #expect(error.code == .alreadyExists)
        }
        #expect(try index.folders().map(\.name) == ["b", "b/x", "c", "c/x"])
    }

    @Test("a folder deleted and made again in the same second gets a new UIDVALIDITY (RFC 9051 §2.3.1.1)")
    func uidValidityNeverRepeats() throws {
        let index = try SQLiteMailIndex(path: ":memory:")
        var seen = Set<UInt32>()
        for _ in 0..<5 {
            let folder = try index.createFolder("Box", specialUse: nil)
            #expect(seen.insert(folder.uidValidity).inserted)
            try index.deleteFolder("Box")
        }
    }

    @Test("SUBSCRIBE and UNSUBSCRIBE are kept")
    func subscriptions() throws {
        let index = try SQLiteMailIndex(path: ":memory:")
        try index.createFolder("Lists", specialUse: nil)
        try index.setSubscribed(true, folder: "Lists")
        #expect(try index.status(of: "Lists")?.subscribed == true)
        try index.setSubscribed(false, folder: "Lists")
        #expect(try index.status(of: "Lists")?.subscribed == false)
    }
}

@Suite("messages, UIDs and MODSEQs (RFC 9051 §2.3.1, RFC 7162 §3.1)")
struct MessageIndexTests {
    @Test("a listing gets UIDs in arrival order, keeps them, and never gives an expunged UID again")
    func synchronize() throws {
        let index = try SQLiteMailIndex(path: ":memory:")
        let first = try index.synchronize("INBOX", with: [entry("a"), entry("b"), entry("c")])
        #expect(first.messages.map(\.uid) == [1, 2, 3])
        #expect(first.messages.map(\.key) == ["a", "b", "c"])
        #expect(first.status.uidNext == 4)
        // Each new message is a change of its own, the folder's HIGHESTMODSEQ the last of them.
        let modSeqs = first.messages.map(\.modSeq)
        #expect(modSeqs == modSeqs.sorted() && Set(modSeqs).count == 3)
        #expect(first.status.highestModSeq == modSeqs.last)
        // A key listed twice (new/ and cur/ at the moment of a move) is one message.
        let twice = try index.synchronize("Twice", with: [entry("x"), entry("x")])
        #expect(twice.messages.map(\.uid) == [1])
        // Another program removed b and delivered d.
        let second = try index.synchronize("INBOX", with: [entry("a"), entry("c"), entry("d")])
        #expect(second.messages.map(\.uid) == [1, 3, 4])
        #expect(second.vanished == [2])
        #expect(second.status.uidValidity == first.status.uidValidity)
        // b coming back is a new message.
        let third = try index.synchronize("INBOX", with: [entry("a"), entry("b"), entry("c"), entry("d")])
        #expect(third.messages.map(\.uid) == [1, 3, 4, 5])
        #expect(try index.expunged(from: "INBOX", since: first.status.highestModSeq) == [2])
    }

    @Test("flags from the store are taken for a new message only")
    func storeFlagsForNewMessages() throws {
        let index = try SQLiteMailIndex(path: ":memory:")
        _ = try index.synchronize("INBOX", with: [entry("a", MessageFlags(system: [.seen]))])
        let again = try index.synchronize("INBOX", with: [entry("a", MessageFlags(system: [.flagged]))])
        #expect(again.messages[0].flags.system == [.seen])
    }

    @Test("STORE +FLAGS, -FLAGS and FLAGS; an unchanged message keeps its MODSEQ")
    func store() throws {
        let index = try SQLiteMailIndex(path: ":memory:")
        let start = try index.synchronize("INBOX", with: [entry("a"), entry("b")])
        let (added, _) = try index.changeFlags(.add(MessageFlags(system: [.seen], keywords: ["$Forwarded"])),
                                               uids: [1, 2], in: "INBOX", unchangedSince: nil)
        #expect(added.map(\.uid) == [1, 2])
        #expect(Set(added.map(\.modSeq)).count == 1, "one STORE is one change")
        #expect(added[0].modSeq > start.status.highestModSeq)
        let (again, _) = try index.changeFlags(.add(MessageFlags(system: [.seen], keywords: ["$forwarded"])),
                                               uids: [1], in: "INBOX", unchangedSince: nil)
        #expect(again.isEmpty, "a keyword in another case is the same keyword (RFC 9051 §2.3.2)")
        let (removed, _) = try index.changeFlags(.remove(MessageFlags(keywords: ["$FORWARDED"])), uids: [1], in: "INBOX", unchangedSince: nil)
        #expect(removed.first?.flags == MessageFlags(system: [.seen]))
        let (replaced, _) = try index.changeFlags(.replace(MessageFlags(system: [.deleted, .draft])), uids: [2], in: "INBOX", unchangedSince: nil)
        #expect(replaced.first?.flags == MessageFlags(system: [.deleted, .draft]))
        let all = try index.messages(in: "INBOX", changedSince: 0)
        #expect(all.map(\.flags) == [MessageFlags(system: [.seen]), MessageFlags(system: [.deleted, .draft])])
        #expect(try index.messages(in: "INBOX", changedSince: removed[0].modSeq).map(\.uid) == [2])
    }

    @Test("RFC 7162 §3.1.3: UNCHANGEDSINCE leaves messages changed after it alone and lists them")
    func unchangedSince() throws {
        let index = try SQLiteMailIndex(path: ":memory:")
        let start = try index.synchronize("INBOX", with: [entry("a"), entry("b")])
        let base = start.status.highestModSeq
        _ = try index.changeFlags(.add(MessageFlags(system: [.flagged])), uids: [2], in: "INBOX", unchangedSince: nil)
        let (changed, failed) = try index.changeFlags(.add(MessageFlags(system: [.seen])), uids: [1, 2], in: "INBOX", unchangedSince: base)
        #expect(changed.map(\.uid) == [1])
        #expect(failed == [2])
    }

    @Test("RFC 7162 §3.1.4: the messages changed since a MODSEQ, and the UIDs expunged since, come in UID order")
    func changedSinceInUIDOrder() throws {
        let index = try SQLiteMailIndex(path: ":memory:")
        let start = try index.synchronize("INBOX", with: (1...6).map { entry("m\($0)") })
        let base = start.status.highestModSeq
        for uid: UInt32 in [5, 2, 4] {
            _ = try index.changeFlags(.add(MessageFlags(system: [.flagged])), uids: [uid], in: "INBOX", unchangedSince: nil)
        }
        #expect(try index.messages(in: "INBOX", changedSince: base).map(\.uid) == [2, 4, 5])
        let afterFirst = try #require(try index.messages(in: "INBOX", changedSince: 0).first { $0.uid == 5 }).modSeq
        #expect(try index.messages(in: "INBOX", changedSince: afterFirst).map(\.uid) == [2, 4])
        try index.expunge([6], from: "INBOX")
        try index.expunge([1, 3], from: "INBOX")
        #expect(try index.expunged(from: "INBOX", since: base) == [1, 3, 6])
        #expect(try index.messages(in: "INBOX", changedSince: 0).map(\.uid) == [2, 4, 5])
    }

    @Test("APPEND takes UIDNEXT; EXPUNGE raises HIGHESTMODSEQ and is remembered for VANISHED")
    func appendAndExpunge() throws {
        let index = try SQLiteMailIndex(path: ":memory:")
        try index.createFolder("Drafts", specialUse: "\\Drafts")
        let one = try index.append(entry("x", MessageFlags(system: [.draft])), to: "Drafts")
        let two = try index.append(entry("y"), to: "Drafts")
        #expect((one.uid, two.uid) == (1, 2))
        #expect(two.modSeq > one.modSeq)
        let modSeq = try index.expunge([1], from: "Drafts")
        #expect(try index.status(of: "Drafts")?.highestModSeq == modSeq)
        #expect(try index.messages(in: "Drafts", changedSince: 0).map(\.uid) == [2])
        #expect(try index.expunged(from: "Drafts", since: two.modSeq) == [1])
        #expect(try index.append(entry("z"), to: "Drafts").uid == 3)
    }

    @Test("the parsed structure is kept per message")
    func structure() throws {
        let index = try SQLiteMailIndex(path: ":memory:")
        _ = try index.synchronize("INBOX", with: [entry("a")])
        #expect(try index.structures(uids: [1], in: "INBOX").isEmpty)
        try index.setStructures([1: [1, 2, 3, 0, 255]], in: "INBOX")
        #expect(try index.structures(uids: [1], in: "INBOX") == [1: [1, 2, 3, 0, 255]])
    }

    @Test("each form of the structure is kept apart, and goes with its message")
    func structureForms() throws {
        let index = try SQLiteMailIndex(path: ":memory:")
        _ = try index.synchronize("INBOX", with: [entry("a"), entry("b")])
        try index.setStructures([1: [1], 2: [2]], as: .parsed, in: "INBOX")
        try index.setStructures([1: [7]], as: .wire7Bit, in: "INBOX")
        try index.setStructures([1: [8]], as: .wireUTF8, in: "INBOX")
        #expect(try index.structures(uids: [1, 2], as: .parsed, in: "INBOX") == [1: [1], 2: [2]])
        #expect(try index.structures(uids: [1, 2], as: .wire7Bit, in: "INBOX") == [1: [7]])
        #expect(try index.structures(uids: [1, 2], as: .wireUTF8, in: "INBOX") == [1: [8]])
        _ = try index.expunge([1], from: "INBOX")
        #expect(try index.structures(uids: [1], as: .wire7Bit, in: "INBOX").isEmpty)
    }
}

@Suite("the index on disk")
struct IndexDurabilityTests {
    @Test("UIDs, flags and counters are the same after the index is opened again")
    func reopen() throws {
        try withIndexFile { path in
            let before: FolderSnapshot
            do {
                let index = try SQLiteMailIndex(path: path)
                _ = try index.synchronize("INBOX", with: [entry("a"), entry("b")])
                _ = try index.changeFlags(.add(MessageFlags(system: [.answered], keywords: ["Work"])), uids: [2], in: "INBOX", unchangedSince: nil)
                before = try index.synchronize("INBOX", with: [entry("a"), entry("b")])
            }
            let after = try SQLiteMailIndex(path: path).synchronize("INBOX", with: [entry("a"), entry("b")])
            #expect(after.messages == before.messages)
            #expect(after.status == before.status)
        }
    }

    @Test("two connections (two servers, or two processes) appending at once never share a UID")
    func concurrentConnections() throws {
        try withIndexFile { path in
            let indexes = [try SQLiteMailIndex(path: path), try SQLiteMailIndex(path: path)]
            try indexes[0].createFolder("INBOX", specialUse: nil)
            let uids = Recorder()
            DispatchQueue.concurrentPerform(iterations: 8) { worker in
                for number in 0..<50 {
                    if let message = try? indexes[worker % 2].append(entry("\(worker).\(number)"), to: "INBOX") {
                        uids.add(message.uid)
                    }
                }
            }
            #expect(uids.values.count == 400)
            #expect(Set(uids.values).count == 400)
            #expect(try indexes[1].status(of: "INBOX")?.uidNext == 401)
        }
    }

    @Test("an index made before the wire forms were kept gains their columns on open and keeps its rows")
    func olderIndexGainsColumns() throws {
        try withIndexFile { path in
            do {
                let index = try SQLiteMailIndex(path: path)
                _ = try index.synchronize("INBOX", with: [entry("a")])
                try index.setStructures([1: [1, 2]], in: "INBOX")
            }
            let old = try SQLiteDatabase(path: path)
            try old.execute("ALTER TABLE messages DROP COLUMN wire_7bit; ALTER TABLE messages DROP COLUMN wire_utf8")
            let index = try SQLiteMailIndex(path: path)
            #expect(try index.structures(uids: [1], in: "INBOX") == [1: [1, 2]])
            try index.setStructures([1: [9]], as: .wireUTF8, in: "INBOX")
            #expect(try index.structures(uids: [1], as: .wireUTF8, in: "INBOX") == [1: [9]])
        }
    }

    @Test("a file that is not an index is refused, not trusted")
    func notAnIndex() throws {
        try withIndexFile { path in
            try Data("mailroom-index 1 1700000000 5\n1 a\n".utf8).write(to: URL(fileURLWithPath: path))
            #expect(throws: IndexError.self) { try SQLiteMailIndex(path: path) }
        }
    }
}

/// Values collected from several threads.
final class Recorder: Sendable {
    private let storage = Mutex<[UInt32]>([])
    func add(_ value: UInt32) { storage.withLock { $0.append(value) } }
    var values: [UInt32] { storage.withLock { $0 } }
}
