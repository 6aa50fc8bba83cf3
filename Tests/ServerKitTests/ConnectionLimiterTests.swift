import MailCore
import Testing

@testable import ServerKit

@Suite("ConnectionLimiter")
struct ConnectionLimiterTests {
    let a = IPAddress("192.0.2.1")!
    let b = IPAddress("2001:db8::1")!

    @Test("each address gets its own slots up to the limit")
    func perAddress() {
        let limiter = ConnectionLimiter(limit: 2)
        #expect(limiter.acquire(a))
        #expect(limiter.acquire(a))
        #expect(!limiter.acquire(a))
        #expect(limiter.acquire(b))
        limiter.release(a)
        #expect(limiter.acquire(a))
        #expect(limiter.openConnections(from: a) == 2)
    }

    @Test("0 means no limit, and an unknown address is never counted")
    func unlimited() {
        let limiter = ConnectionLimiter(limit: 0)
        for _ in 0..<100 { #expect(limiter.acquire(a)) }
        #expect(ConnectionLimiter(limit: 1).acquire(nil))
    }
}
