import Foundation
import MailCore
import NIOPosix
import Synchronization

/// One message on its way into the spool (``MessageTransaction``).
///
/// Bytes collect in a 64 KiB buffer; each full buffer is written with one `write(2)` on the thread
/// pool, so a message is never held whole in memory. The file `tmp/ID` is created only with the first
/// full buffer, or at commit for a smaller message, so a typical message costs one thread-pool job for
/// create + write + `fsync` + rename, then the shared directory sync (``DirectorySync``).
///
/// States: open (buffering, maybe with a `tmp/` file) → committed, or → aborted. A failed write or
/// commit leaves the transaction open so that the caller's `abort()` removes the `tmp/` file.
final class SpoolTransaction: MessageTransaction {
    /// One `write(2)` per this many bytes.
    static let bufferCapacity = 64 * 1024

    private struct State {
        var buffer: [UInt8]
        var file: (id: String, file: SpoolFile)?
        var closed = false
        /// A write failed: bytes are missing, so the message may only be aborted.
        var failed = false
    }

    private let queue: MailQueue
    private let arrival: Date
    private let state: Mutex<State>

    init(queue: MailQueue, header: [UInt8], arrival: Date) {
        self.queue = queue
        self.arrival = arrival
        var buffer = header
        buffer.reserveCapacity(Self.bufferCapacity + header.count)
        state = Mutex(State(buffer: buffer))
    }

    /// A transaction dropped without `commit()` or `abort()` gives its descriptor back and leaves
    /// `tmp/ID`, now unlocked, for recovery to remove, as a crash would.
    deinit {
        state.withLock { $0.file?.file.closeQuietly() }
    }

    func write(_ bytes: [UInt8]) async throws {
        let full: (chunk: [UInt8], file: (id: String, file: SpoolFile)?)? = try state.withLock { state in
            guard !state.closed else {
                throw QueueError(.transactionClosed, path: queue.spool.temporaryDirectory, reason: "write after the end of the transaction")
            }
            state.buffer += bytes
            guard state.buffer.count >= Self.bufferCapacity else { return nil }
            let chunk = state.buffer
            state.buffer.removeAll(keepingCapacity: true)
            return (chunk, state.file)
        }
        guard let full else { return }
        let spool = queue.spool
        let ids = queue.ids
        let arrival = arrival
        let opened = full.file
        let written: Result<(id: String, file: SpoolFile), QueueError>
        do {
            written = try await queue.threadPool.runIfActive { () -> Result<(id: String, file: SpoolFile), QueueError> in
            Result { () throws(QueueError) in
                guard let opened else {
                    let created = try spool.createTemporaryFile(ids: ids, now: arrival)
                    do throws(QueueError) {
                        try created.file.write(full.chunk)
                    } catch {
                        created.file.closeQuietly()
                        try? SpoolPaths.remove(spool.temporaryPath(created.id))
                        throw error
                    }
                    return created
                }
                try opened.file.write(full.chunk)
                return opened
            }
            }
        } catch {
            state.withLock { $0.failed = true }
            throw error
        }
        // A failed write keeps an earlier file in the state, for `abort()` to remove.
        switch written {
        case .success(let file):
            state.withLock { $0.file = file }
        case .failure(let error):
            state.withLock { $0.failed = true }
            throw error
        }
    }

    func commit() async throws -> String {
        let pending: (chunk: [UInt8], file: (id: String, file: SpoolFile)?) = try state.withLock { state in
            guard !state.closed else {
                throw QueueError(.transactionClosed, path: queue.spool.temporaryDirectory, reason: "commit after the end of the transaction")
            }
            guard !state.failed else {
                throw QueueError(.transactionClosed, path: queue.spool.temporaryDirectory, reason: "commit after a failed write")
            }
            let chunk = state.buffer
            state.buffer = []
            return (chunk, state.file)
        }
        let spool = queue.spool
        let ids = queue.ids
        let arrival = arrival
        let opened = pending.file
        let finished: Result<String, QueueError>
        do {
            finished = try await queue.threadPool.runIfActive {
                Result { () throws(QueueError) in
                    let target: (id: String, file: SpoolFile)
                    if let opened {
                        target = opened
                    } else {
                        target = try spool.createTemporaryFile(ids: ids, now: arrival)
                    }
                    do throws(QueueError) {
                        try target.file.write(pending.chunk)
                        try target.file.sync()
                        try spool.activate(target.id)
                    } catch {
                        target.file.closeQuietly()
                        try? SpoolPaths.remove(spool.temporaryPath(target.id))
                        throw error
                    }
                    // Synced and renamed: a close error cannot lose the message any more.
                    target.file.closeQuietly()
                    return target.id
                }
            }
        } catch {
            // The job never ran (cancelled, or the pool stopped); `abort()` still removes the file.
            state.withLock { $0.buffer = pending.chunk }
            throw error
        }
        // The job closed the file and removed it on failure; there is nothing left to abort.
        state.withLock { state in
            state.closed = true
            state.file = nil
        }
        let id = try finished.get()
        do {
            try await queue.activeDirectorySync.sync()
        } catch {
            // Not durable, so not acknowledged: take it back rather than deliver a message the client
            // will send again.
            try? await queue.threadPool.runIfActive { try? SpoolPaths.remove(spool.activePath(id)) }
            throw error
        }
        queue.enqueue(id)
        return id
    }

    func abort() async {
        let opened: (id: String, file: SpoolFile)? = state.withLock { state in
            guard !state.closed else { return nil }
            state.closed = true
            state.buffer = []
            defer { state.file = nil }
            return state.file
        }
        guard let opened else { return }
        let spool = queue.spool
        let removed: ()? = try? await queue.threadPool.runIfActive {
            opened.file.closeQuietly()
            try? SpoolPaths.remove(spool.temporaryPath(opened.id))
        }
        if removed == nil {
            // The pool is gone; recovery removes the unlocked file on the next start.
            opened.file.closeQuietly()
        }
    }
}
