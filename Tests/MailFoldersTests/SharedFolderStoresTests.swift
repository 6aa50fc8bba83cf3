import Foundation
import MailCore
import MailFolders
import MailIndex
import Synchronization
import Testing

/// One store per account for all its sessions, kept a while after the last leaves.
@Suite("SharedFolderStores")
struct SharedFolderStoresTests {
    @Test("Sessions of one account share a store; it outlives them until more than keptIdle accounts are idle")
    func keptIdle() throws {
        try withTemporaryDirectory { directory in
            let stores = SharedFolderStores(keptIdle: 2)
            let made = Mutex(0)
            func acquire(_ key: String) throws -> (store: any FolderStore, release: @Sendable () -> Void) {
                try stores.acquire(key: key) {
                    made.withLock { $0 += 1 }
                    let home = directory + "/" + key
                    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
                    return try TestAccount(directory: home, format: .maildir).store()
                }
            }
            let (first, releaseFirst) = try acquire("a")
            let (second, releaseSecond) = try acquire("a")
            #expect(first as AnyObject === second as AnyObject)
            releaseFirst()
            releaseSecond()
            // Idle, still open: the next session gets it back without making one.
            let (again, releaseAgain) = try acquire("a")
            #expect(again as AnyObject === first as AnyObject)
            #expect(made.withLock { $0 } == 1)
            releaseAgain()
            for key in ["b", "c"] {
                let (_, release) = try acquire(key)
                release()
            }
            // Three idle, two kept: "a", idle longest, was closed.
            #expect(stores.openCount == 2)
            let (_, releaseLast) = try acquire("a")
            #expect(made.withLock { $0 } == 4)
            releaseLast()
        }
    }
}
