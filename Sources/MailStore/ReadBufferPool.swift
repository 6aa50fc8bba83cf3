import MailCore

/// Memory that reads of whole messages go into, kept between reads: a fresh buffer costs the
/// kernel a zeroed page for every 4 KiB a read first touches, which was a fifth of a mailbox's
/// first parse (benchmarks/imap first-fetch). Buffers come back to the pool when a read is done;
/// the pool keeps ``idleLimit`` of them, none larger than ``keptByteLimit``, so what it holds
/// while nothing reads stays bounded.
final class ReadBufferPool: Sendable {
    /// The pool every ``FolderFiles`` read shares.
    static let shared = ReadBufferPool(idleLimit: 4, keptByteLimit: 8 << 20)

    let idleLimit: Int
    let keptByteLimit: Int
    private let idle = ParkingMutex<[ReadBuffer]>([])

    init(idleLimit: Int, keptByteLimit: Int) {
        self.idleLimit = idleLimit
        self.keptByteLimit = keptByteLimit
    }

    /// Runs `body` with a buffer from the pool (or a new one), returned to the pool afterwards.
    func withBuffer<T, Failure: Error>(_ body: (inout ReadBuffer) throws(Failure) -> T) throws(Failure) -> T {
        var buffer = idle.withLock { $0.popLast() } ?? ReadBuffer()
        defer { giveBack(buffer) }
        return try body(&buffer)
    }

    private func giveBack(_ buffer: ReadBuffer) {
        var unkept: ReadBuffer? = buffer
        if buffer.capacity <= keptByteLimit {
            unkept = idle.withLock { (idle) -> ReadBuffer? in
                guard idle.count < idleLimit else { return buffer }
                idle.append(buffer)
                return nil
            }
        }
        unkept?.release()
    }

    /// How many buffers wait to be reused (for tests).
    var idleCount: Int { idle.withLock { $0.count } }
}

/// A grow-only block of memory a message is read into. Grows geometrically, so a run of ever
/// larger messages reallocates a few times, not once per message. `@unchecked Sendable` because its
/// memory has one owner at a time, moved between threads through the pool's lock: the pool, or the
/// one read that took it.
struct ReadBuffer: @unchecked Sendable {
    private var storage = UnsafeMutableRawBufferPointer(start: nil, count: 0)

    var capacity: Int { storage.count }

    /// The first `count` bytes of the buffer, grown to hold them if it must.
    mutating func bytes(count: Int) -> UnsafeMutableRawBufferPointer {
        if storage.count < count {
            let grown = max(count, 2 * storage.count, 64 * 1024)
            release()
            storage = .allocate(byteCount: grown, alignment: 16)
        }
        return UnsafeMutableRawBufferPointer(rebasing: storage[..<count])
    }

    mutating func release() {
        storage.deallocate()
        storage = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    }
}
