import DNSProtocol
import Testing

@Suite("Resolver cache (RFC 1035 §7.4, RFC 2181, RFC 2308 §5)")
struct ResolverCacheTests {
    let t0 = ContinuousClock.now
    let host = ResolverFixture.name("mail.example.test")

    private func at(_ seconds: Int64) -> ContinuousClock.Instant { t0.advanced(by: .seconds(seconds)) }

    @Test("RFC 1035 §7.4: positive entries expire after the smallest TTL in the RRset")
    func positiveExpiry() {
        var cache = ResolverCache()
        cache.store(records: [ResolverFixture.a("mail.example.test", "192.0.2.1", ttl: 300), ResolverFixture.a("mail.example.test", "192.0.2.2", ttl: 100)], now: t0)
        guard case .records(let records) = cache.lookup(host, .a, now: at(99)) else {
            Issue.record("expected a hit")
            return
        }
        #expect(records.count == 2)
        #expect(cache.lookup(host, .a, now: at(100)) == nil)
    }

    @Test("RFC 1035 §7.4: cached answers carry the remaining TTL")
    func decrementsTTL() {
        var cache = ResolverCache()
        cache.store(records: [ResolverFixture.a("mail.example.test", "192.0.2.1", ttl: 300)], now: t0)
        #expect(cache.lookup(host, .a, now: at(120)) == .records([ResolverFixture.a("mail.example.test", "192.0.2.1", ttl: 180)]))
    }

    @Test("RFC 4343: keys ignore case")
    func caseInsensitive() {
        var cache = ResolverCache()
        cache.store(records: [ResolverFixture.a("MAIL.Example.TEST", "192.0.2.1")], now: t0)
        #expect(cache.lookup(host, .a, now: t0) != nil)
    }

    @Test("RFC 1035 §3.2.1: TTL 0 is not cached; RFC 2181 §8: top-bit TTL counts as 0")
    func zeroTTLNotCached() {
        var cache = ResolverCache()
        cache.store(records: [ResolverFixture.a("mail.example.test", "192.0.2.1", ttl: 0)], now: t0)
        cache.store(records: [ResourceRecord(name: host, ttl: 0x8000_0000, data: .txt([[0x41]]))], now: t0)
        #expect(cache.count == 0)
    }

    @Test("Configured maximum TTL caps long-lived records")
    func maximumTTL() {
        var cache = ResolverCache(maximumTTL: 3600)
        cache.store(records: [ResolverFixture.a("mail.example.test", "192.0.2.1", ttl: 604_800)], now: t0)
        #expect(cache.lookup(host, .a, now: at(3599)) != nil)
        #expect(cache.lookup(host, .a, now: at(3600)) == nil)
    }

    @Test("RFC 2308 §5: NXDOMAIN is cached for every type with TTL min(SOA TTL, MINIMUM)")
    func nameErrorAllTypes() {
        var cache = ResolverCache()
        cache.storeNameError(host, soa: ResolverFixture.soa("example.test", ttl: 3600, minimum: 300), now: t0)
        #expect(cache.lookup(host, .a, now: at(100)) == .nameError(negativeTTL: 200))
        #expect(cache.lookup(host, .mx, now: at(100)) == .nameError(negativeTTL: 200))
        #expect(cache.lookup(host, .mx, now: at(300)) == nil)
    }

    @Test("RFC 2308 §5: the SOA record's own TTL wins when below MINIMUM")
    func soaTTLBelowMinimum() {
        var cache = ResolverCache()
        cache.storeNoData(host, .aaaa, soa: ResolverFixture.soa("example.test", ttl: 60, minimum: 900), now: t0)
        #expect(cache.lookup(host, .aaaa, now: t0) == .noData(negativeTTL: 60))
    }

    @Test("RFC 2308 §5: NODATA is cached per type only")
    func noDataPerType() {
        var cache = ResolverCache()
        cache.storeNoData(host, .aaaa, soa: ResolverFixture.soa("example.test"), now: t0)
        #expect(cache.lookup(host, .aaaa, now: t0) == .noData(negativeTTL: 600))
        #expect(cache.lookup(host, .a, now: t0) == nil)
    }

    @Test("RFC 2308 §5: negative answers without an SOA are not cached")
    func noSOANotCached() {
        var cache = ResolverCache()
        cache.storeNameError(host, soa: nil, now: t0)
        cache.storeNoData(host, .a, soa: nil, now: t0)
        #expect(cache.count == 0)
    }

    @Test("RFC 2308 §5: negative TTL is capped by the configured negative maximum")
    func negativeCap() {
        var cache = ResolverCache(maximumNegativeTTL: 120)
        cache.storeNameError(host, soa: ResolverFixture.soa("example.test", ttl: 86400, minimum: 86400), now: t0)
        #expect(cache.lookup(host, .a, now: t0) == .nameError(negativeTTL: 120))
    }

    @Test("RFC 1034 §3.6.2: a cached CNAME is returned as an alias for other types")
    func aliasHit() {
        var cache = ResolverCache()
        let alias = ResolverFixture.cname("www.example.test", "mail.example.test")
        cache.store(records: [alias], now: t0)
        #expect(cache.lookup(ResolverFixture.name("www.example.test"), .a, now: t0) == .alias(alias))
        #expect(cache.lookup(ResolverFixture.name("www.example.test"), .cname, now: t0) == .records([alias]))
    }

    @Test("A full cache evicts expired entries, then the soonest to expire")
    func eviction() {
        var cache = ResolverCache(capacity: 2)
        cache.store(records: [ResolverFixture.a("a.example.test", "192.0.2.1", ttl: 50)], now: t0)
        cache.store(records: [ResolverFixture.a("b.example.test", "192.0.2.2", ttl: 500)], now: t0)
        cache.store(records: [ResolverFixture.a("c.example.test", "192.0.2.3", ttl: 500)], now: t0)
        #expect(cache.count == 2)
        #expect(cache.lookup(ResolverFixture.name("a.example.test"), .a, now: t0) == nil)
        #expect(cache.lookup(ResolverFixture.name("b.example.test"), .a, now: t0) != nil)
        #expect(cache.lookup(ResolverFixture.name("c.example.test"), .a, now: t0) != nil)
    }

    @Test("A positive answer replaces a cached NXDOMAIN")
    func positiveSupersedesNameError() {
        var cache = ResolverCache()
        cache.storeNameError(host, soa: ResolverFixture.soa("example.test"), now: t0)
        cache.store(records: [ResolverFixture.a("mail.example.test", "192.0.2.1")], now: t0)
        #expect(cache.lookup(host, .a, now: t0) == .records([ResolverFixture.a("mail.example.test", "192.0.2.1")]))
    }
}
