import Dispatch
import MailCore
import MailFolders
import MailIndex
import MailStore
import Synchronization
import Testing

/// Several sessions of one account on one shared store while mailroom's own deliveries arrive
/// (issue 10 §4): every message gets exactly one UID, no UID is given twice, and the store sees every
/// delivery at once, however it raced the sessions' APPENDs.
@Suite("LocalFolderStore under concurrent sessions and deliveries")
struct LocalFolderStoreConcurrencyTests {
    static let deliveries = 40
    static let sessions = 4

    @Test("RFC 9051 §2.3.1.1: deliveries racing sessions' looks and APPENDs give each message one UID", arguments: formats)
    func racingSessions(format: MailLocation.Format) throws {
        try withTemporaryDirectory { directory in
            let account = TestAccount(directory: directory, format: format)
            let stores = SharedFolderStores()
            let (store, release) = try stores.acquire(key: try account.layout.location(of: "INBOX").path) { try account.store() }
            defer { release() }
            let snapshot = try store.open("INBOX")
            let seen = Mutex<[UInt32: Set<String>]>([:])
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: Self.sessions + 1) { worker in
                do {
                    if worker == Self.sessions {
                        for number in 0..<Self.deliveries { try account.deliver(message("delivered \(number)"), announcingTo: stores) }
                        return
                    }
                    for number in 0..<Self.deliveries / 2 {
                        _ = try store.append(Array(message("appended \(worker)-\(number)").utf8), flags: MessageFlags(),
                                             internalDate: nil, to: "INBOX")
                        for changed in try store.changes(in: "INBOX", since: snapshot.status.highestModSeq).changed {
                            seen.withLock { _ = $0[changed.uid, default: []].insert(changed.key) }
                        }
                    }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 }.isEmpty)
            let final = try store.open("INBOX").messages
            let expected = Self.deliveries + Self.sessions * (Self.deliveries / 2)
            #expect(final.count == expected)
            #expect(Set(final.map(\.uid)).count == expected, "no UID given twice")
            #expect(Set(final.map(\.key)).count == expected, "no message with two UIDs")
            // What the sessions saw on the way agrees with the end: one key per UID.
            let byUID = Dictionary(uniqueKeysWithValues: final.map { ($0.uid, $0.key) })
            for (uid, keys) in seen.withLock({ $0 }) {
                #expect(keys.count == 1 && keys.first == byUID[uid], "UID \(uid)")
            }
        }
    }
}
