import DNSClient
import DNSProtocol
import MailCore
import Testing

@Suite("Stub resolver: servers, retries and failures (RFC 1035 §4.2, RFC 5452, RFC 7766)")
struct StubResolverTests {
    let s1 = Fixture.server1
    let s2 = Fixture.server2

    @Test("RFC 1034 §4.3.1, RFC 6891: queries set RD, carry EDNS 1232 and random IDs")
    func queryShape() async throws {
        let transport = FakeTransport()
        await transport.on(s1, "a.example.test", .a, Fixture.answer([Fixture.a("a.example.test", "192.0.2.1")]))
        await transport.on(s1, "b.example.test", .a, Fixture.answer([Fixture.a("b.example.test", "192.0.2.2")]))
        let resolver = Fixture.resolver(transport)
        _ = try await resolver.lookup(Fixture.name("a.example.test"), .a)
        _ = try await resolver.lookup(Fixture.name("b.example.test"), .a)
        let calls = await transport.calls
        #expect(calls.count == 2)
        #expect(calls.allSatisfy { $0.query.flags.recursionDesired && $0.query.edns?.udpPayloadSize == 1232 })
        #expect(calls[0].query.id != calls[1].query.id)
    }

    @Test("RFC 5452 §9.1: a response with the wrong ID is ignored and the next server asked")
    func idMismatch() async throws {
        let transport = FakeTransport()
        let question = DNSQuestion(name: Fixture.name("mx.example.test"), type: .a)
        var forged = DNSMessage(id: 0, questions: [question], answers: [Fixture.a("mx.example.test", "203.0.113.66")])
        forged.flags.isResponse = true
        await transport.on(s1, "mx.example.test", .a, .fixed(forged))
        await transport.on(s2, "mx.example.test", .a, Fixture.answer([Fixture.a("mx.example.test", "192.0.2.25")]))
        // Seed chosen so the first ID is not 0; asserted below so the test cannot pass vacuously.
        let resolver = Fixture.resolver(transport, servers: [s1, s2])
        let addresses = try await resolver.addresses(of: Fixture.name("mx.example.test"))
        #expect(await transport.calls.first?.query.id != 0)
        #expect(addresses.first == IPAddress("192.0.2.25"))
    }

    @Test("RFC 5452 §9.1: a response to a different question is ignored")
    func questionMismatch() async throws {
        let transport = FakeTransport()
        await transport.on(s1, "mx.example.test", .a, .respond { query in
            var reply = query
            reply.flags.isResponse = true
            reply.questions = [DNSQuestion(name: DNSName("other.example.test")!, type: .a)]
            return reply
        })
        let resolver = Fixture.resolver(transport)
        await #expect(throws: DNSResolutionError.self) { try await resolver.lookup(Fixture.name("mx.example.test"), .a) }
    }

    @Test("RFC 7766 §5: a truncated UDP answer is retried over TCP to the same server")
    func truncatedRetriesOverTCP() async throws {
        let transport = FakeTransport()
        let records = (1...3).map { Fixture.a("big.example.test", "192.0.2.\($0)") }
        await transport.on(s1, "big.example.test", .a, Fixture.answer(truncated: true, [records[0]]))
        await transport.on(s1, "big.example.test", .a, tcp: true, Fixture.answer(records))
        let resolver = Fixture.resolver(transport, servers: [s1, s2])
        let result = try await resolver.lookup(Fixture.name("big.example.test"), .a)
        #expect(result.records == records)
        let calls = await transport.calls
        #expect(calls.map(\.overTCP) == [false, true])
        #expect(calls.allSatisfy { $0.server == s1 })
    }

    @Test("RFC 1035 §4.2.1: a timeout moves on to the next server")
    func timeoutNextServer() async throws {
        let transport = FakeTransport()
        await transport.on(s1, "x.example.test", .a, .timeout)
        await transport.on(s2, "x.example.test", .a, Fixture.answer([Fixture.a("x.example.test", "192.0.2.7")]))
        let resolver = Fixture.resolver(transport, servers: [s1, s2])
        let result = try await resolver.lookup(Fixture.name("x.example.test"), .a)
        #expect(result.records == [Fixture.a("x.example.test", "192.0.2.7")])
        #expect(await transport.calls.map(\.server) == [s1, s2])
    }

    @Test("RFC 1035 §4.2.1: attempts repeat the server list; all timing out is temporary")
    func allTimeOut() async {
        let transport = FakeTransport()
        let resolver = Fixture.resolver(transport, servers: [s1, s2], attempts: 2)
        let question = DNSQuestion(name: Fixture.name("x.example.test"), type: .a)
        await #expect(throws: DNSResolutionError.timedOut(question)) {
            try await resolver.lookup(question.name, .a)
        }
        #expect(await transport.calls.map(\.server) == [s1, s2, s1, s2])
        #expect(DNSResolutionError.timedOut(question).isTemporary)
    }

    @Test("RFC 5321 §5.1: SERVFAIL from every server is a temporary failure")
    func serverFailureTemporary() async {
        let transport = FakeTransport()
        await transport.on(s1, "example.test", .mx, Fixture.answer(rcode: .serverFailure))
        await transport.on(s2, "example.test", .mx, Fixture.answer(rcode: .serverFailure))
        let resolver = Fixture.resolver(transport, servers: [s1, s2])
        do {
            _ = try await resolver.mailExchangers(for: Fixture.name("example.test"))
            Issue.record("expected a failure")
        } catch {
            #expect(error == .serverFailure(DNSQuestion(name: Fixture.name("example.test"), type: .mx), .serverFailure))
            #expect(error.isTemporary)
        }
        #expect(await transport.calls.count == 2)
    }

    @Test("SERVFAIL from one server, answer from the next")
    func serverFailureThenAnswer() async throws {
        let transport = FakeTransport()
        await transport.on(s1, "x.example.test", .a, Fixture.answer(rcode: .serverFailure))
        await transport.on(s2, "x.example.test", .a, Fixture.answer([Fixture.a("x.example.test", "192.0.2.8")]))
        let resolver = Fixture.resolver(transport, servers: [s1, s2])
        #expect(try await resolver.addresses(of: Fixture.name("x.example.test")) == [IPAddress("192.0.2.8")!])
    }

    @Test("REFUSED/FORMERR from every server is permanent; refusing servers are not retried")
    func refusedPermanent() async {
        let transport = FakeTransport()
        await transport.on(s1, "x.example.test", .a, Fixture.answer(rcode: .refused))
        await transport.on(s2, "x.example.test", .a, Fixture.answer(rcode: .formatError))
        let resolver = Fixture.resolver(transport, servers: [s1, s2], attempts: 3)
        do {
            _ = try await resolver.lookup(Fixture.name("x.example.test"), .a)
            Issue.record("expected a failure")
        } catch {
            #expect(error.isPermanent)
        }
        #expect(await transport.calls.count == 2)
    }

    @Test("A refusal mixed with a timeout stays temporary")
    func refusedAndTimeoutTemporary() async {
        let transport = FakeTransport()
        await transport.on(s1, "x.example.test", .a, Fixture.answer(rcode: .refused))
        await transport.on(s2, "x.example.test", .a, .networkError)
        let resolver = Fixture.resolver(transport, servers: [s1, s2])
        do {
            _ = try await resolver.lookup(Fixture.name("x.example.test"), .a)
            Issue.record("expected a failure")
        } catch {
            #expect(error.isTemporary)
        }
    }

    @Test("No configured servers is a temporary failure")
    func noServers() async {
        let resolver = Fixture.resolver(FakeTransport(), servers: [])
        await #expect(throws: DNSResolutionError.noServers) { try await resolver.lookup(Fixture.name("x.test"), .a) }
    }

    @Test("RFC 1034 §4.3.1: a referral from a non-recursive server moves on to the next server")
    func referralNextServer() async throws {
        let transport = FakeTransport()
        let ns = ResourceRecord(name: Fixture.name("example.test"), ttl: 300, data: .ns(Fixture.name("ns1.example.test")))
        await transport.on(s1, "x.example.test", .a, Fixture.answer(authority: [ns]))
        await transport.on(s2, "x.example.test", .a, Fixture.answer([Fixture.a("x.example.test", "192.0.2.9")]))
        let resolver = Fixture.resolver(transport, servers: [s1, s2])
        #expect(try await resolver.lookup(Fixture.name("x.example.test"), .a).records.count == 1)
    }

    @Test("resolv.conf(5): configuration takes servers, timeout and attempts from resolv.conf")
    func configurationFromResolvConf() {
        let conf = ResolvConf(text: "nameserver 192.0.2.53\noptions timeout:3 attempts:4\n")
        let configuration = StubResolverConfiguration(resolvConf: conf)
        #expect(configuration.servers == [s1])
        #expect(configuration.timeout == .seconds(3))
        #expect(configuration.attempts == 4)
        #expect(configuration.udpPayloadSize == 1232)
    }
}
