import Testing
@testable import MailStore

@Suite("The pool of buffers whole messages are read into")
struct ReadBufferPoolTests {
    @Test("a buffer given back is the one the next read gets, grown only when a message is larger")
    func reuse() {
        let pool = ReadBufferPool(idleLimit: 2, keptByteLimit: 1 << 20)
        let first = pool.withBuffer { buffer in buffer.bytes(count: 100).baseAddress }
        #expect(pool.idleCount == 1)
        let second = pool.withBuffer { buffer in buffer.bytes(count: 64 * 1024).baseAddress }
        #expect(first == second)
        let grown = pool.withBuffer { buffer in
            _ = buffer.bytes(count: 64 * 1024 + 1)
            return buffer.capacity
        }
        #expect(grown == 128 * 1024, "doubles rather than growing to the exact size")
    }

    @Test("keeps at most idleLimit buffers and none above keptByteLimit")
    func bounds() {
        let pool = ReadBufferPool(idleLimit: 2, keptByteLimit: 256 * 1024)
        pool.withBuffer { a in
            _ = a.bytes(count: 10)
            pool.withBuffer { b in
                _ = b.bytes(count: 10)
                pool.withBuffer { c in _ = c.bytes(count: 10) }
            }
        }
        #expect(pool.idleCount == 2)
        let pool2 = ReadBufferPool(idleLimit: 2, keptByteLimit: 256 * 1024)
        pool2.withBuffer { buffer in _ = buffer.bytes(count: 300 * 1024) }
        #expect(pool2.idleCount == 0)
    }
}
