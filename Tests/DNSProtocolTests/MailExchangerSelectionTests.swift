import DNSProtocol
import Testing

@Suite("MX selection (RFC 5321 §5.1, RFC 7505)")
struct MailExchangerSelectionTests {
    let domain = ResolverFixture.name("example.test")

    private func select(_ records: [ResourceRecord], seed: UInt64 = 1) throws(DNSResolutionError) -> MailExchangerAnswer {
        var random = SeededRandom(seed: seed)
        return try MailExchangerSelection.select(
            domain: domain, from: .records(records, canonicalName: domain), using: &random)
    }

    @Test("RFC 5321 §5.1: exchangers sorted by ascending preference")
    func sortsByPreference() throws {
        let answer = try select([
            ResolverFixture.mx("example.test", 30, "c.example.test"), ResolverFixture.mx("example.test", 10, "a.example.test"),
            ResolverFixture.mx("example.test", 20, "b.example.test"),
        ])
        #expect(answer == .exchangers([
            MailExchanger(preference: 10, exchange: ResolverFixture.name("a.example.test")),
            MailExchanger(preference: 20, exchange: ResolverFixture.name("b.example.test")),
            MailExchanger(preference: 30, exchange: ResolverFixture.name("c.example.test")),
        ]))
    }

    @Test("RFC 5321 §5.1: equal preferences are shuffled, reproducibly for a given generator")
    func shufflesEqualPreferences() throws {
        let records = (0..<6).map { ResolverFixture.mx("example.test", 10, "mx\($0).example.test") }
            + [ResolverFixture.mx("example.test", 5, "first.example.test")]
        var orders: Set<[DNSName]> = []
        for seed in UInt64(1)...20 {
            guard case .exchangers(let list) = try select(records, seed: seed) else {
                Issue.record("expected exchangers")
                return
            }
            #expect(list.first?.exchange == ResolverFixture.name("first.example.test"))
            #expect(Set(list.map(\.exchange)).count == 7)
            #expect(try select(records, seed: seed) == .exchangers(list), "same seed, same order")
            orders.insert(list.map(\.exchange))
        }
        #expect(orders.count > 1, "different seeds should give different orders")
    }

    @Test("RFC 5321 §5.1: a host listed twice is tried once, at its best preference")
    func deduplicatesExchanges() throws {
        let answer = try select([
            ResolverFixture.mx("example.test", 20, "a.example.test"), ResolverFixture.mx("example.test", 10, "A.example.test"),
        ])
        #expect(answer == .exchangers([MailExchanger(preference: 10, exchange: ResolverFixture.name("a.example.test"))]))
    }

    @Test("RFC 5321 §5.1: NODATA means the implicit MX, the domain itself")
    func implicitMX() throws {
        var random = SeededRandom(seed: 1)
        let answer = try MailExchangerSelection.select(
            domain: domain, from: .noData(canonicalName: domain, negativeTTL: 60), using: &random)
        #expect(answer == .implicit(domain))
    }

    @Test("RFC 7505 §3: a lone `0 .` MX is a null MX")
    func nullMX() throws {
        #expect(try select([ResolverFixture.mx("example.test", 0, ".")]) == .nullMX)
    }

    @Test("RFC 7505 §3: `.` mixed with real exchangers is ignored")
    func rootMixedWithOthersIgnored() throws {
        let answer = try select([ResolverFixture.mx("example.test", 0, "."), ResolverFixture.mx("example.test", 10, "mx.example.test")])
        #expect(answer == .exchangers([MailExchanger(preference: 10, exchange: ResolverFixture.name("mx.example.test"))]))
    }

    @Test("RFC 5321 §5.1: NXDOMAIN is a permanent error")
    func nameErrorIsPermanent() {
        var random = SeededRandom(seed: 1)
        #expect(throws: DNSResolutionError.nameError(domain)) {
            try MailExchangerSelection.select(
                domain: domain, from: .nameError(canonicalName: domain, negativeTTL: 60), using: &random)
        }
        #expect(DNSResolutionError.nameError(domain).isPermanent)
    }
}
