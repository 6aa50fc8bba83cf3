import DNSClient
import DNSProtocol
import MailCore
import Testing

@Suite("Stub resolver: caching and CNAMEs (RFC 2308 §5, RFC 1034 §5.3.3)")
struct StubResolverCachingTests {
    let s1 = Fixture.server1
    let host = Fixture.name("mx.example.test")

    @Test("RFC 1035 §7.4: answers are served from cache with decremented TTL, then re-queried after expiry")
    func positiveCacheExpiry() async throws {
        let transport = FakeTransport()
        await transport.on(s1, "mx.example.test", .a, Fixture.answer([Fixture.a("mx.example.test", "192.0.2.1", ttl: 300)]))
        let clock = ManualClock()
        let resolver = Fixture.resolver(transport, clock: clock)
        _ = try await resolver.lookup(host, .a)
        clock.advance(by: 100)
        let cached = try await resolver.lookup(host, .a)
        #expect(cached.records.map(\.ttl) == [200])
        #expect(await transport.calls.count == 1)
        clock.advance(by: 200)
        let fresh = try await resolver.lookup(host, .a)
        #expect(fresh.records.map(\.ttl) == [300])
        #expect(await transport.calls.count == 2)
    }

    @Test("RFC 2308 §5: NXDOMAIN is cached for all types with TTL min(SOA TTL, MINIMUM)")
    func negativeCaching() async throws {
        let transport = FakeTransport()
        await transport.on(s1, "mx.example.test", .a, Fixture.answer(
            rcode: .nameError, authority: [Fixture.soa("example.test", ttl: 3600, minimum: 120)]))
        let clock = ManualClock()
        let resolver = Fixture.resolver(transport, clock: clock)
        #expect(try await resolver.lookup(host, .a) == .nameError(canonicalName: host, negativeTTL: 120))
        clock.advance(by: 20)
        #expect(try await resolver.lookup(host, .mx) == .nameError(canonicalName: host, negativeTTL: 100))
        #expect(await transport.calls.count == 1)
        clock.advance(by: 100)
        await transport.on(s1, "mx.example.test", .mx, Fixture.answer([Fixture.mx("mx.example.test", 10, "mx.example.test")]))
        #expect(try await resolver.lookup(host, .mx).records.count == 1)
        #expect(await transport.calls.count == 2)
    }

    @Test("RFC 2308 §5: NODATA without SOA is not cached")
    func noSOANotCached() async throws {
        let transport = FakeTransport()
        await transport.on(s1, "mx.example.test", .aaaa, Fixture.answer())
        let resolver = Fixture.resolver(transport)
        #expect(try await resolver.lookup(host, .aaaa) == .noData(canonicalName: host, negativeTTL: nil))
        _ = try await resolver.lookup(host, .aaaa)
        #expect(await transport.calls.count == 2)
    }

    @Test("Failures are not cached")
    func failuresNotCached() async throws {
        let transport = FakeTransport()
        await transport.on(s1, "mx.example.test", .a, Fixture.answer(rcode: .serverFailure),
            Fixture.answer([Fixture.a("mx.example.test", "192.0.2.1")]))
        let resolver = Fixture.resolver(transport)
        await #expect(throws: DNSResolutionError.self) { try await resolver.lookup(host, .a) }
        #expect(try await resolver.lookup(host, .a).records.count == 1)
    }

    @Test("RFC 1034 §5.3.3: a CNAME whose target is not in the answer is chased with a new query, and cached")
    func chainAcrossQueries() async throws {
        let transport = FakeTransport()
        await transport.on(s1, "www.example.test", .a, Fixture.answer([Fixture.cname("www.example.test", "cdn.provider.test")]))
        await transport.on(s1, "cdn.provider.test", .a, Fixture.answer([Fixture.a("cdn.provider.test", "192.0.2.80")]))
        let resolver = Fixture.resolver(transport)
        let result = try await resolver.lookup(Fixture.name("www.example.test"), .a)
        #expect(result == .records([Fixture.a("cdn.provider.test", "192.0.2.80")], canonicalName: Fixture.name("cdn.provider.test")))
        #expect(try await resolver.lookup(Fixture.name("WWW.example.test"), .a) == result)
        #expect(await transport.calls.count == 2)
    }

    @Test("RFC 1034 §3.6.2: a CNAME loop across queries is detected and is temporary")
    func loopAcrossQueries() async {
        let transport = FakeTransport()
        await transport.on(s1, "a.example.test", .a, Fixture.answer([Fixture.cname("a.example.test", "b.example.test")]))
        await transport.on(s1, "b.example.test", .a, Fixture.answer([Fixture.cname("b.example.test", "a.example.test")]))
        let resolver = Fixture.resolver(transport)
        do {
            _ = try await resolver.lookup(Fixture.name("a.example.test"), .a)
            Issue.record("expected a loop")
        } catch {
            #expect(error == .aliasLoop(Fixture.name("a.example.test")))
            #expect(error.isTemporary)
        }
        #expect(await transport.calls.count == 2)
    }

    @Test("RFC 1034 §5.3.3: chains longer than the bound stop")
    func chainBound() async {
        let transport = FakeTransport()
        for index in 0..<10 {
            await transport.on(s1, "n\(index).example.test", .a, Fixture.answer([
                Fixture.cname("n\(index).example.test", "n\(index + 1).example.test"),
            ]))
        }
        let resolver = Fixture.resolver(transport, maximumAliasChain: 3)
        await #expect(throws: DNSResolutionError.aliasChainTooLong(Fixture.name("n3.example.test"))) {
            try await resolver.lookup(Fixture.name("n0.example.test"), .a)
        }
        #expect(await transport.calls.count == 4)
    }

    @Test("RFC 2308 §2.1: NXDOMAIN at the end of a chain is reported for the target")
    func nameErrorAtChainEnd() async throws {
        let transport = FakeTransport()
        await transport.on(s1, "www.example.test", .a, Fixture.answer(
            rcode: .nameError, [Fixture.cname("www.example.test", "gone.provider.test")],
            authority: [Fixture.soa("provider.test", minimum: 60)]))
        let resolver = Fixture.resolver(transport)
        let expected = DNSLookupResult.nameError(canonicalName: Fixture.name("gone.provider.test"), negativeTTL: 60)
        #expect(try await resolver.lookup(Fixture.name("www.example.test"), .a) == expected)
        #expect(try await resolver.lookup(Fixture.name("www.example.test"), .a) == expected)
        #expect(await transport.calls.count == 1)
    }
}
