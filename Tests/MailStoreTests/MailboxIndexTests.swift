import MailCore
import Foundation
import Glibc
import MailroomConfig
import Synchronization
import Testing
@testable import MailStore

/// A mailbox listing shared by the tasks of a concurrency test.
private final class SharedKeys: Sendable {
    let keys = Mutex<[String]>([])
}

@Suite("the mailbox index (RFC 9051 §2.3.1.1)")
struct MailboxIndexTests {
    @Test("keys keep their UIDs, new keys get the next ones, removed UIDs are never reused")
    func assignment() async throws {
        try await withTemporaryDirectory { directory in
            let index = MailboxIndex(for: MailboxLocation(format: .maildir, path: directory))
            let first = try index.synchronize(keys: ["a", "b", "c"])
            #expect(first.uids == [1, 2, 3])
            #expect(try index.synchronize(keys: ["a", "c", "d"]).uids == [1, 3, 4])
            try index.remove(keys: ["d"])
            #expect(try index.synchronize(keys: ["a", "c", "e", "b"]) == .init(uidValidity: first.uidValidity, uids: [1, 3, 5, 6]))
            let text = String(decoding: contents(index.path), as: UTF8.self)
            #expect(text == "mailroom-index 1 \(first.uidValidity) 7\n1 a\n3 c\n5 e\n6 b\n")
        }
    }

    @Test("keys with spaces and percent signs round-trip through the file")
    func escaping() async throws {
        try await withTemporaryDirectory { directory in
            let index = MailboxIndex(for: MailboxLocation(format: .mbox, path: "\(directory)/inbox"))
            #expect(index.path == "\(directory)/inbox.mailroom-index")
            _ = try index.synchronize(keys: ["a b", "100%", "ü\n"])
            #expect(index.load()?.entries.map(\.key) == ["a b", "100%", "ü\n"])
        }
    }

    @Test("sessions synchronizing while messages arrive never give one message two UIDs")
    func concurrentUpdates() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .maildir, path: directory)
            // The "mailbox": deliveries append keys; each session lists it inside the index lock.
            let mailbox = SharedKeys()
            let results = try await withThrowingTaskGroup(of: [String: UInt32].self) { group in
                for task in 0..<4 {
                    group.addTask {
                        try await onThread {
                            var seen: [String: UInt32] = [:]
                            for step in 0..<15 {
                                mailbox.keys.withLock { $0.append("task\(task)-\(step)") }
                                var listed: [String] = []
                                let assignment = try MailboxIndex(for: box).synchronize { () throws(MailStoreError) -> [String] in
                                    listed = mailbox.keys.withLock { $0 }
                                    return listed
                                }
                                for (key, uid) in zip(listed, assignment.uids) { seen[key] = uid }
                            }
                            return seen
                        }
                    }
                }
                return try await group.reduce(into: [[String: UInt32]]()) { $0.append($1) }
            }
            var agreed: [String: UInt32] = [:]
            for result in results {
                for (key, uid) in result {
                    #expect(agreed[key, default: uid] == uid, "\(key) got two UIDs")
                    agreed[key] = uid
                }
            }
            #expect(agreed.count == 60)
            #expect(Set(agreed.values) == Set(1...60))
        }
    }

    @Test("two sessions opening snapshots while deliveries arrive agree on every UID")
    func concurrentSnapshots() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .mbox, path: "\(directory)/inbox")
            let results = try await withThrowingTaskGroup(of: [String: UInt32].self) { group in
                group.addTask {
                    try await onThread {
                        for number in 1...20 { try deliver(message(number), to: box) }
                        return [:]
                    }
                }
                for _ in 0..<2 {
                    group.addTask {
                        try await onThread {
                            var seen: [String: UInt32] = [:]
                            for _ in 0..<10 {
                                for stored in try snapshot(box).messages { seen[stored.key] = stored.uid }
                            }
                            return seen
                        }
                    }
                }
                return try await group.reduce(into: [[String: UInt32]]()) { $0.append($1) }
            }
            var agreed: [String: UInt32] = [:]
            for result in results {
                for (key, uid) in result {
                    #expect(agreed[key, default: uid] == uid)
                    agreed[key] = uid
                }
            }
            #expect(try snapshot(box).messages.map(\.uid) == Array(1...20))
        }
    }
}
