import NIOPosix
import Synchronization

/// Group commit for one directory: every caller needs the directory synced after its rename, and one
/// `fsync(2)` that *starts* after a rename makes that rename durable, so callers that arrive while a
/// sync is running share the next one instead of each paying for their own.
///
/// Each caller takes a ticket after its rename. A sync records the highest ticket issued when it
/// starts and, when it ends, releases every caller up to that ticket; callers that came later wait for
/// the following sync, which starts at once. With ten sessions committing together this turns ten
/// directory syncs into two or three, without any timer or added latency for a lone committer.
final class DirectorySync: Sendable {
    private struct State {
        var issued: UInt64 = 0
        var syncing = false
        var waiters: [(ticket: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    }

    private let path: String
    private let threadPool: NIOThreadPool
    private let state = Mutex(State())

    init(path: String, threadPool: NIOThreadPool) {
        self.path = path
        self.threadPool = threadPool
    }

    /// Returns once a directory sync that started after this call has completed.
    func sync() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let start: UInt64? = state.withLock { state in
                state.issued += 1
                state.waiters.append((state.issued, continuation))
                guard !state.syncing else { return nil }
                state.syncing = true
                return state.issued
            }
            if let start {
                startSync(covering: start)
            }
        }
    }

    private func startSync(covering ticket: UInt64) {
        let path = path
        threadPool.submit { workState in
            let result: Result<Void, any Error>
            if case .active = workState {
                result = Result { try SpoolPaths.syncDirectory(path) }
            } else {
                result = .failure(QueueError(.queueStopped, path: path, reason: "thread pool stopped"))
            }
            self.finishSync(covering: ticket, result: result)
        }
    }

    private func finishSync(covering ticket: UInt64, result: Result<Void, any Error>) {
        let (released, next): ([CheckedContinuation<Void, any Error>], UInt64?) = state.withLock { state in
            var released: [CheckedContinuation<Void, any Error>] = []
            state.waiters.removeAll { waiter in
                guard waiter.ticket <= ticket else { return false }
                released.append(waiter.continuation)
                return true
            }
            guard !state.waiters.isEmpty else {
                state.syncing = false
                return (released, nil)
            }
            return (released, state.issued)
        }
        for continuation in released {
            continuation.resume(with: result)
        }
        if let next {
            startSync(covering: next)
        }
    }
}
