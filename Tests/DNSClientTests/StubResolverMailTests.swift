import DNSClient
import DNSProtocol
import MailCore
import Testing

@Suite("Stub resolver: mail lookups (RFC 5321 §5.1, RFC 7505, RFC 7208 §3.3)")
struct StubResolverMailTests {
    let s1 = Fixture.server1
    let domain = Fixture.name("example.test")

    @Test("RFC 5321 §5.1: MX hosts by preference, ties shuffled reproducibly per seed")
    func mxOrdering() async throws {
        let records = [
            Fixture.mx("example.test", 20, "c.example.test"), Fixture.mx("example.test", 10, "a.example.test"),
            Fixture.mx("example.test", 10, "b.example.test"), Fixture.mx("example.test", 10, "d.example.test"),
        ]
        var orders: Set<[DNSName]> = []
        for seed in UInt64(1)...12 {
            let transport = FakeTransport()
            await transport.on(s1, "example.test", .mx, Fixture.answer(records))
            let first = try await Fixture.resolver(transport, seed: seed).mailExchangers(for: domain)
            let again = FakeTransport()
            await again.on(s1, "example.test", .mx, Fixture.answer(records))
            #expect(try await Fixture.resolver(again, seed: seed).mailExchangers(for: domain) == first)
            guard case .exchangers(let list) = first else {
                Issue.record("expected exchangers")
                return
            }
            #expect(list.map(\.preference) == [10, 10, 10, 20])
            #expect(list.last?.exchange == Fixture.name("c.example.test"))
            orders.insert(list.map(\.exchange))
        }
        #expect(orders.count > 1)
    }

    @Test("RFC 5321 §5.1: no MX but the domain exists gives the implicit MX")
    func implicitMX() async throws {
        let transport = FakeTransport()
        await transport.on(s1, "example.test", .mx, Fixture.answer(authority: [Fixture.soa("example.test")]))
        let resolver = Fixture.resolver(transport)
        #expect(try await resolver.mailExchangers(for: domain) == .implicit(domain))
    }

    @Test("RFC 7505 §3: `0 .` is a null MX")
    func nullMX() async throws {
        let transport = FakeTransport()
        await transport.on(s1, "example.test", .mx, Fixture.answer([Fixture.mx("example.test", 0, ".")]))
        #expect(try await Fixture.resolver(transport).mailExchangers(for: domain) == .nullMX)
    }

    @Test("RFC 5321 §5.1: NXDOMAIN for the domain is a permanent failure")
    func nameErrorPermanent() async {
        let transport = FakeTransport()
        await transport.on(s1, "example.test", .mx, Fixture.answer(rcode: .nameError, authority: [Fixture.soa("test")]))
        do {
            _ = try await Fixture.resolver(transport).mailExchangers(for: domain)
            Issue.record("expected NXDOMAIN")
        } catch {
            #expect(error == .nameError(domain))
            #expect(error.isPermanent)
        }
    }

    @Test("RFC 5321 §5.1: an MX exchange that is a CNAME is still resolved")
    func exchangeIsAlias() async throws {
        let transport = FakeTransport()
        await transport.on(s1, "example.test", .mx, Fixture.answer([Fixture.mx("example.test", 10, "mail.example.test")]))
        await transport.on(s1, "mail.example.test", .a, Fixture.answer([
            Fixture.cname("mail.example.test", "host.provider.test"), Fixture.a("host.provider.test", "192.0.2.25"),
        ]))
        await transport.on(s1, "mail.example.test", .aaaa, Fixture.answer(authority: [Fixture.soa("provider.test")]))
        let resolver = Fixture.resolver(transport)
        guard case .exchangers(let list) = try await resolver.mailExchangers(for: domain) else {
            Issue.record("expected exchangers")
            return
        }
        #expect(try await resolver.addresses(of: list[0].exchange) == [IPAddress("192.0.2.25")!])
    }

    @Test("RFC 3596: addresses returns A then AAAA")
    func addressesBothFamilies() async throws {
        let transport = FakeTransport()
        await transport.on(s1, "mx.example.test", .a, Fixture.answer([Fixture.a("mx.example.test", "192.0.2.1")]))
        await transport.on(s1, "mx.example.test", .aaaa, Fixture.answer([Fixture.aaaa("mx.example.test", "2001:db8::1")]))
        let resolver = Fixture.resolver(transport)
        #expect(try await resolver.addresses(of: Fixture.name("mx.example.test")) == [IPAddress("192.0.2.1")!, IPAddress("2001:db8::1")!])
    }

    @Test("addresses: a transient AAAA failure still returns the A addresses; NXDOMAIN throws")
    func addressesPartialAndMissing() async throws {
        let transport = FakeTransport()
        await transport.on(s1, "mx.example.test", .a, Fixture.answer([Fixture.a("mx.example.test", "192.0.2.1")]))
        await transport.on(s1, "mx.example.test", .aaaa, Fixture.answer(rcode: .serverFailure))
        await transport.on(s1, "gone.example.test", .a, Fixture.answer(rcode: .nameError, authority: [Fixture.soa("example.test")]))
        let resolver = Fixture.resolver(transport)
        #expect(try await resolver.addresses(of: Fixture.name("mx.example.test")) == [IPAddress("192.0.2.1")!])
        await #expect(throws: DNSResolutionError.nameError(Fixture.name("gone.example.test"))) {
            try await resolver.addresses(of: Fixture.name("gone.example.test"))
        }
    }

    @Test("addresses: no addresses plus a transient failure is temporary")
    func addressesTemporary() async {
        let transport = FakeTransport()
        await transport.on(s1, "mx.example.test", .a, Fixture.answer(authority: [Fixture.soa("example.test")]))
        await transport.on(s1, "mx.example.test", .aaaa, .timeout)
        do {
            _ = try await Fixture.resolver(transport).addresses(of: Fixture.name("mx.example.test"))
            Issue.record("expected a failure")
        } catch {
            #expect(error.isTemporary)
        }
    }

    @Test("RFC 7208 §3.3: TXT character-strings are joined without spaces; NXDOMAIN is nil")
    func textJoined() async throws {
        let transport = FakeTransport()
        await transport.on(s1, "example.test", .txt, Fixture.answer([
            Fixture.txt("example.test", ["v=spf1 ip4:192.0.2.0/24", " -all"]), Fixture.txt("example.test", ["other"]),
        ]))
        await transport.on(s1, "none.example.test", .txt, Fixture.answer(rcode: .nameError, authority: [Fixture.soa("example.test")]))
        await transport.on(s1, "empty.example.test", .txt, Fixture.answer(authority: [Fixture.soa("example.test")]))
        let resolver = Fixture.resolver(transport)
        #expect(try await resolver.text(at: domain) == ["v=spf1 ip4:192.0.2.0/24 -all", "other"])
        #expect(try await resolver.text(at: Fixture.name("none.example.test")) == nil)
        #expect(try await resolver.text(at: Fixture.name("empty.example.test")) == [])
    }
}
