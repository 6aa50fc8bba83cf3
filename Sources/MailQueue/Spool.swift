import Foundation
import Glibc

/// The queue directory on disk: where a message waits between `250 Ok: queued` and delivery.
///
/// ```
/// queue/
///   tmp/ID          a message being received (flock-ed while open); never acknowledged
///   tmp/ID.progress a progress file being rewritten
///   active/ID       committed queue files: header (envelope, arrival) + message; see QueueFileHeader
///   defer/ID        delivery progress of a deferred active/ID or hold/ID (recipients done, attempts, next time)
///   hold/ID         messages put on hold (`mailroom queue hold`, Postfix's hold queue): kept, not delivered
///   corrupt/ID      queue files that could not be read, kept for the administrator (Postfix's corrupt/)
/// ```
///
/// Committing a message costs one `fsync` of its file and one of `active/` (shared between commits
/// that overlap; ``DirectorySync``). A message delivered at the first attempt costs nothing more: its
/// file is unlinked. Only a deferral writes `defer/ID` (tmp + fsync + rename + fsync of `defer/`).
///
/// A message is in exactly one of `tmp/` and `active/` at any time (`rename` is atomic), so recovery
/// can remove what is left in `tmp/` (never acknowledged) and schedule everything in `active/`.
/// One server process owns a queue directory; other processes may only add messages to it.
struct Spool: Sendable {
    let root: String

    var temporaryDirectory: String { root + "/tmp" }
    var activeDirectory: String { root + "/active" }
    var deferDirectory: String { root + "/defer" }
    var corruptDirectory: String { root + "/corrupt" }
    var holdDirectory: String { root + "/hold" }

    func temporaryPath(_ id: String) -> String { temporaryDirectory + "/" + id }
    func activePath(_ id: String) -> String { activeDirectory + "/" + id }
    func progressPath(_ id: String) -> String { deferDirectory + "/" + id }
    func holdPath(_ id: String) -> String { holdDirectory + "/" + id }
    func progressTemporaryPath(_ id: String) -> String { temporaryDirectory + "/" + id + ".progress" }

    /// Creates the queue directory and its subdirectories when missing.
    func createDirectories() throws(QueueError) {
        try SpoolPaths.makeDirectory(root)
        for directory in [temporaryDirectory, activeDirectory, deferDirectory, corruptDirectory, holdDirectory] {
            try SpoolPaths.makeDirectory(directory)
        }
    }

    /// Creates `tmp/ID` for a new message under a fresh ID, locked so that a concurrent recovery leaves
    /// it alone. The ID is free in `tmp/` (`O_EXCL`) and in `active/`, and stays ours until the rename.
    func createTemporaryFile(ids: QueueIDGenerator, now: Date) throws(QueueError) -> (id: String, file: SpoolFile) {
        while true {
            let id = ids.next(at: now)
            let file: SpoolFile
            do {
                file = try SpoolFile.open(temporaryPath(id), flags: O_WRONLY | O_CREAT | O_EXCL)
            } catch where error.errorNumber == EEXIST {
                continue
            }
            do {
                _ = try file.tryLock()
            } catch {
                file.closeQuietly()
                try? SpoolPaths.remove(file.path)
                throw error
            }
            guard !SpoolPaths.exists(activePath(id)), !SpoolPaths.exists(holdPath(id)) else {
                file.closeQuietly()
                try? SpoolPaths.remove(file.path)
                continue
            }
            return (id, file)
        }
    }

    /// Moves a complete, synced `tmp/ID` into `active/`. The caller then syncs `active/`.
    func activate(_ id: String) throws(QueueError) {
        try SpoolPaths.rename(temporaryPath(id), to: activePath(id))
    }

    /// Removes a finished message: the queue file first, so a crash in between leaves only a progress
    /// file without its message, which recovery removes, never a message without its progress.
    func remove(_ id: String) throws(QueueError) {
        try SpoolPaths.remove(activePath(id))
        try SpoolPaths.remove(progressPath(id))
    }

    /// Puts `active/ID` on hold (`hold/ID`, its progress kept) or, with `releasing`, back; false when
    /// the message is not there. Durable: the directories are synced.
    @discardableResult
    func hold(_ id: String, releasing: Bool = false) throws(QueueError) -> Bool {
        let (from, to) = releasing ? (holdPath(id), activePath(id)) : (activePath(id), holdPath(id))
        guard SpoolPaths.exists(from) else { return false }
        try SpoolPaths.rename(from, to: to)
        try SpoolPaths.syncDirectory(holdDirectory)
        try SpoolPaths.syncDirectory(activeDirectory)
        return true
    }

    /// Deletes a message wherever it waits (active or held), with its progress; false when it is not there.
    @discardableResult
    func delete(_ id: String) throws(QueueError) -> Bool {
        let path = SpoolPaths.exists(activePath(id)) ? activePath(id) : holdPath(id)
        guard SpoolPaths.exists(path) else { return false }
        try SpoolPaths.remove(path)
        try SpoolPaths.remove(progressPath(id))
        return true
    }

    /// Moves an unreadable queue file out of the way, as Postfix moves it to `corrupt/`.
    func quarantine(_ id: String) {
        try? SpoolPaths.rename(activePath(id), to: corruptDirectory + "/" + id)
        try? SpoolPaths.remove(progressPath(id))
    }

    /// Cleans up after a crash: removes the `tmp/` entries that nobody holds locked (an interrupted
    /// reception or progress rewrite) and the progress files whose message is gone.
    ///
    /// Recovery may run while this or another process receives: a file is locked right after its
    /// `O_EXCL` creation, and in the short gap before that a concurrent recovery can at worst make that
    /// one reception fail (`451`), never lose an acknowledged message.
    func removeLeftovers() throws(QueueError) {
        try createDirectories()
        for name in try SpoolPaths.names(in: temporaryDirectory) {
            let path = temporaryDirectory + "/" + name
            guard let file = try? SpoolFile.open(path, flags: O_RDONLY) else { continue }
            if (try? file.tryLock()) == true {
                try SpoolPaths.remove(path)
            }
            file.closeQuietly()
        }
        let queued = Set(try SpoolPaths.names(in: activeDirectory) + SpoolPaths.names(in: holdDirectory))
        for name in try SpoolPaths.names(in: deferDirectory) where !queued.contains(name) {
            try SpoolPaths.remove(deferDirectory + "/" + name)
        }
    }

    /// The committed messages with their next delivery time (`nil`: due now), oldest ID first.
    func listCommitted() throws(QueueError) -> [(id: String, due: Date?)] {
        let active = try SpoolPaths.names(in: activeDirectory).filter(QueueIDGenerator.isQueueID)
        let deferred = Set(try SpoolPaths.names(in: deferDirectory))
        return active.sorted().map { id in
            guard deferred.contains(id), let progress = try? readProgress(id) else { return (id, nil) }
            return (id, progress.nextAttemptDate)
        }
    }

    /// The progress of a deferred message; `nil` when it has none (never deferred).
    func readProgress(_ id: String) throws(QueueError) -> DeliveryProgress? {
        guard let file = try SpoolFile.openForReading(progressPath(id)) else { return nil }
        defer { file.closeQuietly() }
        let bytes = try file.readAll(limit: 1 << 24)
        guard let progress = try? JSONDecoder().decode(DeliveryProgress.self, from: Data(bytes)) else {
            throw QueueError(.corruptQueueFile, path: file.path, reason: "unreadable delivery progress")
        }
        return progress
    }

    /// Replaces the progress file atomically and durably: tmp, fsync, rename, fsync of `defer/`.
    func writeProgress(_ progress: DeliveryProgress, for id: String) throws(QueueError) {
        let temporary = progressTemporaryPath(id)
        let bytes: [UInt8]
        do {
            bytes = Array(try JSONEncoder().encode(progress))
        } catch {
            throw QueueError(.corruptQueueFile, path: temporary, reason: "cannot encode delivery progress")
        }
        let file = try SpoolFile.open(temporary, flags: O_WRONLY | O_CREAT | O_TRUNC)
        do {
            _ = try file.tryLock()
            try file.write(bytes)
            try file.sync()
            try file.close()
        } catch {
            file.closeQuietly()
            try? SpoolPaths.remove(temporary)
            throw error
        }
        try SpoolPaths.rename(temporary, to: progressPath(id))
        try SpoolPaths.syncDirectory(deferDirectory)
    }
}
