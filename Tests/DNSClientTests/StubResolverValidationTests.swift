import DNSClient
import DNSProtocol
import MailCore
import Testing

@Suite("Stub resolver: the AD bit (RFC 4035 §3.2.3, RFC 6840 §5.7, RFC 7672 §2.1)")
struct StubResolverValidationTests {
    let local = Fixture.localValidator
    let host = Fixture.name("mx.example.test")

    @Test("queries ask for the AD bit (RFC 6840 §5.7)")
    func queriesSetAD() async throws {
        let transport = FakeTransport()
        await transport.on(local, "mx.example.test", .a, Fixture.answer([Fixture.a("mx.example.test", "192.0.2.1")]))
        _ = try await Fixture.resolver(transport, servers: [local]).lookup(host, .a)
        #expect(await transport.calls.first?.query.flags.authenticData == true)
    }

    @Test("an answer with AD from a resolver on loopback is authenticated, and stays so from the cache")
    func loopbackADTrusted() async throws {
        let transport = FakeTransport()
        await transport.on(local, "mx.example.test", .a,
                           Fixture.answer(authenticated: true, [Fixture.a("mx.example.test", "192.0.2.1")]))
        let resolver = Fixture.resolver(transport, servers: [local])
        #expect(try await resolver.validatedLookup(host, .a).authenticated)
        #expect(try await resolver.validatedLookup(host, .a).authenticated)
        #expect(await transport.calls.count == 1)
    }

    @Test("AD from a resolver elsewhere is not trusted: the bit is not protected on the way (RFC 4035 §4.9.3)")
    func remoteADIgnored() async throws {
        let transport = FakeTransport()
        await transport.on(Fixture.server1, "mx.example.test", .a,
                           Fixture.answer(authenticated: true, [Fixture.a("mx.example.test", "192.0.2.1")]))
        #expect(try await !Fixture.resolver(transport).validatedLookup(host, .a).authenticated)
    }

    @Test("an answer without AD is insecure; so is a negative answer without it")
    func noAD() async throws {
        let transport = FakeTransport()
        await transport.on(local, "mx.example.test", .a, Fixture.answer([Fixture.a("mx.example.test", "192.0.2.1")]))
        await transport.on(local, "_25._tcp.mx.example.test", .tlsa,
                           Fixture.answer(rcode: .nameError, authority: [Fixture.soa("example.test")]))
        let resolver = Fixture.resolver(transport, servers: [local])
        #expect(try await !resolver.validatedLookup(host, .a).authenticated)
        let tlsa = try await resolver.validatedLookup(Fixture.name("_25._tcp.mx.example.test"), .tlsa)
        #expect(!tlsa.authenticated)
        #expect(tlsa.result.records.isEmpty)
    }

    @Test("a CNAME chain is secure only when every step is: an insecure alias makes the answer insecure")
    func chainNeedsEveryStep() async throws {
        let transport = FakeTransport()
        await transport.on(local, "mx.example.test", .a,
                           Fixture.answer(authenticated: false, [Fixture.cname("mx.example.test", "real.example.net")]))
        await transport.on(local, "real.example.net", .a,
                           Fixture.answer(authenticated: true, [Fixture.a("real.example.net", "192.0.2.7")]))
        let resolver = Fixture.resolver(transport, servers: [local])
        let answer = try await resolver.validatedLookup(host, .a)
        #expect(answer.result.records.count == 1)
        #expect(!answer.authenticated)
        // From the cache the same: the alias entry remembers it was insecure.
        #expect(try await !resolver.validatedLookup(host, .a).authenticated)
        #expect(try await resolver.validatedLookup(Fixture.name("real.example.net"), .a).authenticated)
    }

    @Test("the validator failed and another server answered: indeterminate for DANE (RFC 7672 §2.1.1), usable for mail, not cached")
    func validatorFailureIsIndeterminate() async throws {
        let transport = FakeTransport()
        await transport.on(local, "mx.example.test", .a, Fixture.answer(rcode: .serverFailure))
        await transport.on(Fixture.server1, "mx.example.test", .a, Fixture.answer([Fixture.a("mx.example.test", "192.0.2.1")]))
        let resolver = Fixture.resolver(transport, servers: [local, Fixture.server1])
        await #expect(throws: DNSResolutionError.self) { try await resolver.validatedLookup(host, .a) }
        #expect(try await resolver.lookup(host, .a).records.count == 1)
        #expect(await transport.calls.count == 4, "asked again each time: the indeterminate answer is not cached")
    }
}
