import Synchronization

/// One ``FolderStore`` per account for all its sessions at once (IMAP on several devices, POP3): they
/// share the index connection and the store's view of the disk, so a change one makes is the others'
/// at their next look. A store is closed when its last session leaves.
public final class SharedFolderStores: Sendable {
    private struct Entry {
        var store: any FolderStore
        var users: Int
    }

    private let entries = Mutex([String: Entry]())

    public init() {}

    /// The store for the account named `key` (its INBOX's path), made with `make` when no session
    /// holds one; call `release` once when the session ends.
    public func acquire(key: String, make: () throws -> any FolderStore) throws -> (store: any FolderStore, release: @Sendable () -> Void) {
        let store = try entries.withLock { (entries) throws -> any FolderStore in
            if var entry = entries[key] {
                entry.users += 1
                entries[key] = entry
                return entry.store
            }
            let store = try make()
            entries[key] = Entry(store: store, users: 1)
            return store
        }
        return (store, { [weak self] in self?.release(key) })
    }

    private func release(_ key: String) {
        entries.withLock { entries in
            guard var entry = entries[key] else { return }
            entry.users -= 1
            entries[key] = entry.users > 0 ? entry : nil
        }
    }

    /// Tells the store of the account named `key`, if a session holds one, that `folder` was changed by
    /// another writer (``FolderStore/noteChangeElsewhere(in:)``).
    public func noteChangeElsewhere(account key: String, folder: String) {
        entries.withLock { $0[key]?.store }?.noteChangeElsewhere(in: folder)
    }

    /// How many accounts have a store open (for tests and the log).
    public var openCount: Int { entries.withLock { $0.count } }
}
