import MailCore
import Testing

@testable import ServerKit

@Suite("ConnectionLimiter")
struct ConnectionLimiterTests {
    let a = IPAddress("192.0.2.1")!
    let b = IPAddress("2001:db8::1")!

    @Test("each address gets its own slots up to the limit")
    func perAddress() {
        let limiter = ConnectionLimiter<IPAddress>(perAddress: 2)
        #expect(limiter.acquire(a) == nil)
        #expect(limiter.acquire(a) == nil)
        #expect(limiter.acquire(a) == .tooManyConnectionsFromAddress(limit: 2))
        #expect(limiter.acquire(b) == nil)
        limiter.release(a)
        #expect(limiter.acquire(a) == nil)
        #expect(limiter.openConnections(from: a) == 2)
    }

    @Test("0 means no limit, and an unknown address is never counted per address")
    func unlimited() {
        let limiter = ConnectionLimiter<IPAddress>(perAddress: 0)
        for _ in 0..<100 { #expect(limiter.acquire(a) == nil) }
        #expect(ConnectionLimiter<IPAddress>(perAddress: 1).acquire(nil) == nil)
    }

    @Test("the total limit counts every client, and a refused connection takes no slot")
    func total() {
        let limiter = ConnectionLimiter<IPAddress>(perAddress: 1, total: 2)
        #expect(limiter.acquire(a) == nil)
        #expect(limiter.acquire(a) == .tooManyConnectionsFromAddress(limit: 1))
        #expect(limiter.acquire(nil) == nil)
        #expect(limiter.acquire(b) == .tooManyConnections(limit: 2))
        #expect(limiter.openConnections == 2)
        limiter.release(a)
        #expect(limiter.acquire(b) == nil)
        #expect(limiter.openConnections == 2)
    }
}
