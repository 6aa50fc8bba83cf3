@testable import DNSClient
import DNSProtocol
import MailCore
import Testing

@Suite("Stub resolver: concurrent identical lookups share one query")
struct StubResolverCoalescingTests {
    @Test("Two concurrent lookups of the same question cause one exchange")
    func coalesces() async throws {
        let record = Fixture.a("mx.example.test", "192.0.2.1")
        let transport = GatedTransport(records: [record])
        let resolver = StubResolver(
            configuration: StubResolverConfiguration(servers: [Fixture.server1]), transport: transport,
            random: SeededRandom(seed: 3))
        async let first = resolver.lookup(record.name, .a)
        async let second = resolver.lookup(record.name, .a)
        // Yield (no sleeping) until one exchange is parked and the other lookup has joined it;
        // bounded so a regression fails instead of hanging.
        var spins = 0
        while spins < 100_000 {
            let parked = await transport.pendingCount
            let joined = await resolver.coalescedQueries
            if parked >= 1, joined >= 1 { break }
            await Task.yield()
            spins += 1
        }
        #expect(spins < 100_000, "lookups did not overlap")
        await transport.releaseAll()
        let results = try await [first, second]
        #expect(results.allSatisfy { $0.records == [record] })
        #expect(await transport.callCount == 1)
    }
}
