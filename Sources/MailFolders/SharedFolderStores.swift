import MailCore

/// One ``FolderStore`` per account for all its sessions at once (IMAP on several devices, POP3): they
/// share the index connection and the store's view of the disk, so a change one makes is the others'
/// at their next look.
///
/// When its last session leaves, a store stays open for a while: at most ``keptIdle`` stores without
/// sessions are kept, the one left longest ago closed first. A client that logs in, reads and logs
/// out (a phone polling, POP3) then finds what the store knows of its folders ready, instead of the
/// store listing the INBOX's files again at every login.
public final class SharedFolderStores: Sendable {
    private struct Entry {
        var store: any FolderStore
        var users: Int
        /// When the last session left (a count of releases), for closing the longest idle first.
        var idleSince: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var releases: UInt64 = 0
    }

    /// The most stores kept open without a session.
    public let keptIdle: Int
    private let state = ParkingMutex(State())

    public init(keptIdle: Int = 32) {
        self.keptIdle = keptIdle
    }

    /// The store for the account named `key` (its INBOX's path), made with `make` when none is open;
    /// call `release` once when the session ends.
    public func acquire(key: String, make: () throws -> any FolderStore) throws -> (store: any FolderStore, release: @Sendable () -> Void) {
        let store = try state.withLock { (state) throws -> any FolderStore in
            if var entry = state.entries[key] {
                entry.users += 1
                state.entries[key] = entry
                return entry.store
            }
            let store = try make()
            state.entries[key] = Entry(store: store, users: 1, idleSince: 0)
            return store
        }
        return (store, { [weak self] in self?.release(key) })
    }

    private func release(_ key: String) {
        // The stores closed are returned, so they are let go of (their databases closed) outside the lock.
        _ = state.withLock { (state) -> [any FolderStore] in
            guard var entry = state.entries[key] else { return [] }
            entry.users -= 1
            state.releases += 1
            entry.idleSince = state.releases
            state.entries[key] = entry
            guard entry.users == 0 else { return [] }
            let idle = state.entries.filter { $0.value.users == 0 }
            guard idle.count > keptIdle else { return [] }
            let oldest = idle.sorted { $0.value.idleSince < $1.value.idleSince }.prefix(idle.count - keptIdle)
            return oldest.compactMap { state.entries.removeValue(forKey: $0.key)?.store }
        }
    }

    /// Tells the store of the account named `key`, if one is open, that `folder` was changed by
    /// another writer (``FolderStore/noteChangeElsewhere(in:)``).
    public func noteChangeElsewhere(account key: String, folder: String) {
        state.withLock { $0.entries[key]?.store }?.noteChangeElsewhere(in: folder)
    }

    /// How many accounts have a store open, with sessions or kept idle.
    public var openCount: Int { state.withLock { $0.entries.count } }
}
