import Testing

@testable import DNSProtocol

/// Additional-section processing (RFC 1035 §3.3.9, RFC 2782, RFC 1034 §4.3.2 step 6).
@Suite("Additional section")
struct AuthorityAdditionalTests {
    typealias F = Fixture

    static let records: [ResourceRecord] = [
        F.record("mail.test.", F.soa("mail.test.")),
        F.record("mail.test.", F.ns("ns.mail.test.")),
        F.record("ns.mail.test.", F.a("192.0.2.1")),
        F.record("ns.mail.test.", F.aaaa("2001:db8::1")),
        F.record("mail.test.", F.mx(10, "mx.mail.test.")),
        F.record("mail.test.", F.mx(20, "mx.child.mail.test.")),
        F.record("mx.mail.test.", F.a("192.0.2.25")),
        F.record("mx.mail.test.", F.aaaa("2001:db8::25")),
        F.record(
            "_submission._tcp.mail.test.", .srv(priority: 0, weight: 1, port: 587, target: F.name("mx.mail.test."))),
        F.record("child.mail.test.", F.ns("ns.mail.test.")),
        F.record("mx.child.mail.test.", F.a("192.0.2.99")),
    ]

    private func ask(_ name: String, _ type: DNSRecordType, rd: Bool = false) throws -> AuthoritativeAnswer {
        let zone = try Zone(origin: F.name("mail.test."), records: Self.records)
        return try ZoneCatalog(zones: [zone]).answer(to: F.question(name, type), recursionDesired: rd)
    }

    @Test("RFC 1035 §3.3.9: A and AAAA of the exchange; occluded data below a cut is not used")
    func mxAddresses() throws {
        let answer = try ask("mail.test.", .mx)
        #expect(answer.answers.count == 2)
        #expect(
            answer.additional == [
                F.record("mx.mail.test.", F.a("192.0.2.25")),
                F.record("mx.mail.test.", F.aaaa("2001:db8::25")),
                F.record("ns.mail.test.", F.a("192.0.2.1")),
                F.record("ns.mail.test.", F.aaaa("2001:db8::1")),
            ])
    }

    @Test("RFC 7672 §2.2: an MX answer also carries the exchange's _25._tcp TLSA, as named 9.18 adds it")
    func mxTLSA() throws {
        let tlsa = F.record("_25._tcp.mx.mail.test.", .unknown(.tlsa, [3, 1, 1, 0xaa]))
        let zone = try Zone(origin: F.name("mail.test."), records: Self.records + [tlsa])
        let mx = try ZoneCatalog(zones: [zone]).answer(to: F.question("mail.test.", .mx), recursionDesired: true)
        #expect(mx.additional.first == tlsa)
        #expect(mx.additional.count == 3)
    }

    @Test("RFC 2782: SRV answers carry the target's addresses")
    func srvAddresses() throws {
        let answer = try ask("_submission._tcp.mail.test.", .srv, rd: true)
        #expect(answer.answers.count == 1)
        #expect(answer.authority.isEmpty)
        #expect(
            answer.additional == [
                F.record("mx.mail.test.", F.a("192.0.2.25")),
                F.record("mx.mail.test.", F.aaaa("2001:db8::25")),
            ])
    }

    @Test("address answers get no additional data of their own")
    func noAdditionalForA() throws {
        let answer = try ask("mx.mail.test.", .a, rd: true)
        #expect(answer.additional.isEmpty)
    }
}
