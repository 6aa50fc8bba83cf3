import DNSProtocol
import Testing

@Suite("Response interpretation (RFC 1034 §5.3.3, RFC 2308 §2)")
struct DNSResponseInterpreterTests {
    let question = DNSQuestion(name: ResolverFixture.name("www.example.test"), type: .a)

    @Test("RFC 1034 §5.3.3: a CNAME chain inside the answer is followed")
    func chainInAnswer() {
        let alias1 = ResolverFixture.cname("www.example.test", "web.example.test")
        let alias2 = ResolverFixture.cname("web.example.test", "host.example.net")
        let address = ResolverFixture.a("host.example.net", "192.0.2.9")
        let unrelated = ResolverFixture.a("evil.example.org", "198.51.100.1")
        let outcome = DNSResponseInterpreter.interpret(
            ResolverFixture.response(question, answers: [alias2, unrelated, address, alias1]), for: question)
        #expect(outcome == .answer(records: [address], aliases: [alias1, alias2], canonicalName: ResolverFixture.name("host.example.net")))
    }

    @Test("RFC 1034 §5.3.3: a chain leaving the response asks for the target")
    func aliasLeavesResponse() {
        let alias = ResolverFixture.cname("www.example.test", "host.example.net")
        let outcome = DNSResponseInterpreter.interpret(ResolverFixture.response(question, answers: [alias]), for: question)
        #expect(outcome == .alias(aliases: [alias], target: ResolverFixture.name("host.example.net")))
    }

    @Test("RFC 1034 §3.6.2: a CNAME loop is detected")
    func loop() {
        let outcome = DNSResponseInterpreter.interpret(
            ResolverFixture.response(question, answers: [
                ResolverFixture.cname("www.example.test", "x.example.test"), ResolverFixture.cname("x.example.test", "www.example.test"),
            ]), for: question)
        #expect(outcome == .aliasLoop(ResolverFixture.name("www.example.test")))
    }

    @Test("RFC 2308 §2.1: NXDOMAIN after a CNAME belongs to the chain's last name")
    func nameErrorAfterAlias() {
        let alias = ResolverFixture.cname("www.example.test", "gone.example.net")
        let soa = ResolverFixture.soa("example.net")
        let outcome = DNSResponseInterpreter.interpret(
            ResolverFixture.response(question, rcode: .nameError, answers: [alias], authority: [soa]), for: question)
        #expect(outcome == .nameError(aliases: [alias], canonicalName: ResolverFixture.name("gone.example.net"), soa: soa))
    }

    @Test("RFC 2308 §2.2: NOERROR with no answer and an SOA is NODATA")
    func noData() {
        let soa = ResolverFixture.soa("example.test")
        let outcome = DNSResponseInterpreter.interpret(ResolverFixture.response(question, authority: [soa]), for: question)
        #expect(outcome == .noData(aliases: [], canonicalName: question.name, soa: soa))
    }

    @Test("RFC 2308 §3: an SOA for an unrelated zone is not used")
    func unrelatedSOAIgnored() {
        let outcome = DNSResponseInterpreter.interpret(
            ResolverFixture.response(question, authority: [ResolverFixture.soa("other.test")]), for: question)
        #expect(outcome == .noData(aliases: [], canonicalName: question.name, soa: nil))
    }

    @Test("RFC 1034 §4.3.1: an empty answer with NS but no SOA is a referral, not NODATA")
    func referral() {
        let ns = ResourceRecord(name: ResolverFixture.name("example.test"), ttl: 300, data: .ns(ResolverFixture.name("ns1.example.test")))
        #expect(DNSResponseInterpreter.interpret(ResolverFixture.response(question, authority: [ns]), for: question) == .referral)
        let soa = ResolverFixture.soa("example.test")
        #expect(DNSResponseInterpreter.interpret(ResolverFixture.response(question, authority: [soa, ns]), for: question)
            == .noData(aliases: [], canonicalName: question.name, soa: soa))
    }

    @Test("RFC 1035 §4.1.1: SERVFAIL is transient, FORMERR/NOTIMP/REFUSED are refusals")
    func responseCodes() {
        #expect(DNSResponseInterpreter.interpret(ResolverFixture.response(question, rcode: .serverFailure), for: question) == .serverFailure(.serverFailure))
        for code in [DNSResponseCode.formatError, .notImplemented, .refused] {
            #expect(DNSResponseInterpreter.interpret(ResolverFixture.response(question, rcode: code), for: question) == .refused(code))
        }
    }

    @Test("RFC 2308 §5: negative TTL is min(SOA TTL, MINIMUM)")
    func negativeTTL() {
        #expect(DNSResponseInterpreter.negativeTTL(of: ResolverFixture.soa("example.test", ttl: 3600, minimum: 300)) == 300)
        #expect(DNSResponseInterpreter.negativeTTL(of: ResolverFixture.soa("example.test", ttl: 30, minimum: 300)) == 30)
        #expect(DNSResponseInterpreter.negativeTTL(of: ResolverFixture.a("x.test", "192.0.2.1")) == nil)
    }

    @Test("RFC 5452 §9.1: responses must match ID and question; RFC 6891: queries carry EDNS 1232 and RD")
    func queryMatching() {
        let query = DNSMessage.stubQuery(id: 7, question: question)
        #expect(query.flags.recursionDesired)
        #expect(query.edns?.udpPayloadSize == 1232)
        #expect(ResolverFixture.response(question, id: 7).isResponse(to: query))
        #expect(!ResolverFixture.response(question, id: 8).isResponse(to: query))
        #expect(!ResolverFixture.response(DNSQuestion(name: question.name, type: .aaaa), id: 7).isResponse(to: query))
        #expect(ResolverFixture.response(DNSQuestion(name: ResolverFixture.name("WWW.example.TEST"), type: .a), id: 7).isResponse(to: query))
        #expect(!query.isResponse(to: query), "QR must be set")
    }
}
