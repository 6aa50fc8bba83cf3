#if canImport(Glibc)
import Glibc
#endif

/// A value behind a lock, like the standard library's `Mutex`, whose waiters sleep in the kernel at
/// once (glibc's default pthread mutex). `Mutex` spins up to a thousand times before it sleeps: with
/// more threads than cores (the blocking pool has 16 on a 2-core host) the holder is often off the
/// CPU while the waiters spin, and the spinning took a third of the IMAP server's CPU with 8 clients
/// on one mailbox (benchmarks/imap fetch-body). Use it for locks that many sessions share.
///
/// Its calls take and give the value as `sending`, as `Mutex`'s do, so the compiler's region checks
/// hold for a value that is not `Sendable` (an SQLite connection) exactly as with `Mutex`; the
/// `@unchecked` is only for the pthread mutex, which is what makes the class safe to share.
public final class ParkingMutex<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    public init(_ value: sending Value) {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        self.value = value
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the value while holding the lock.
    public func withLock<Result, Failure: Error>(
        _ body: (inout sending Value) throws(Failure) -> sending Result
    ) throws(Failure) -> sending Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
