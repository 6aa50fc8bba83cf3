import Testing

@testable import DNSProtocol

/// Positive, negative and CNAME answers from the guide's zone, as BIND 9.18 gives them.
@Suite("Authoritative answers")
struct AuthorityAnswerTests {
    typealias F = Fixture

    private func ask(_ name: String, _ type: DNSRecordType, rd: Bool = false) throws -> AuthoritativeAnswer {
        try F.classicCatalog().answer(to: F.question(name, type), recursionDesired: rd)
    }

    @Test("RFC 1034 §4.3.2: A at the apex, RD clear: NS in authority, its address in additional")
    func apexA() throws {
        let answer = try ask("example.test.", .a)
        #expect(answer.responseCode == .noError)
        #expect(answer.isAuthoritative)
        #expect(answer.answers == [F.apexA])
        #expect(answer.authority == [F.apexNS])
        #expect(answer.additional == [F.ns1A])
    }

    @Test("no-auth-recursive: with RD set the authority section is omitted")
    func apexARecursionDesired() throws {
        let answer = try ask("example.test.", .a, rd: true)
        #expect(answer.isAuthoritative)
        #expect(answer.answers == [F.apexA])
        #expect(answer.authority.isEmpty)
        #expect(answer.additional.isEmpty)
    }

    @Test("RFC 1035 §3.3.9: MX answers carry the exchange's address, then the NS addresses")
    func apexMX() throws {
        let answer = try ask("example.test.", .mx)
        #expect(answer.answers == [F.apexMX])
        #expect(answer.authority == [F.apexNS])
        #expect(answer.additional == [F.mailA, F.ns1A])
        let recursive = try ask("example.test.", .mx, rd: true)
        #expect(recursive.authority.isEmpty)
        #expect(recursive.additional == [F.mailA])
    }

    @Test("NS at the apex: the answer holds the NS, so authority stays empty, even with RD")
    func apexNS() throws {
        for rd in [false, true] {
            let answer = try ask("example.test.", .ns, rd: rd)
            #expect(answer.answers == [F.apexNS])
            #expect(answer.authority.isEmpty)
            #expect(answer.additional == [F.ns1A])
        }
    }

    @Test("SOA and TXT at the apex, full TTL in the answer")
    func apexSOAandTXT() throws {
        let soa = try ask("example.test.", .soa)
        #expect(soa.answers == [F.apexSOA])
        #expect(soa.answers.first?.ttl == 86400)
        #expect(soa.authority == [F.apexNS])
        #expect(soa.additional == [F.ns1A])
        let txt = try ask("example.test.", .txt)
        #expect(txt.answers == [F.apexTXT])
        #expect(txt.authority == [F.apexNS])
    }

    @Test("an A query for a name server: its address is not repeated in additional")
    func noDuplicateAdditional() throws {
        let answer = try ask("ns1.example.test.", .a)
        #expect(answer.answers == [F.ns1A])
        #expect(answer.authority == [F.apexNS])
        #expect(answer.additional.isEmpty)
    }

    @Test("names compare case-insensitively; records keep the zone's spelling")
    func caseInsensitive() throws {
        let answer = try ask("MAIL.Example.TEST.", .a)
        #expect(answer.answers == [F.mailA])
        #expect(answer.answers.first?.name.description == "mail.example.test.")
        #expect(!answer.isSynthesized)
    }

    @Test("RFC 1034 §4.3.2 step 3a: a CNAME is followed inside the zone")
    func cnameFollowed() throws {
        let answer = try ask("www.example.test.", .a)
        #expect(answer.responseCode == .noError)
        #expect(answer.isAuthoritative)
        #expect(answer.answers == [F.wwwCNAME, F.apexA])
        #expect(answer.authority == [F.apexNS])
        #expect(answer.additional == [F.ns1A])
    }

    @Test("a CNAME then MX: additional has the exchange's address")
    func cnameThenMX() throws {
        let answer = try ask("www.example.test.", .mx)
        #expect(answer.answers == [F.wwwCNAME, F.apexMX])
        #expect(answer.additional == [F.mailA, F.ns1A])
    }

    @Test("a CNAME query is answered with the CNAME alone")
    func cnameQuery() throws {
        let answer = try ask("www.example.test.", .cname)
        #expect(answer.answers == [F.wwwCNAME])
        #expect(answer.authority == [F.apexNS])
    }

    @Test("RFC 2308 §2.1: NXDOMAIN carries the SOA with TTL min(TTL, MINIMUM) = 10800")
    func nxdomain() throws {
        for rd in [false, true] {
            let answer = try ask("nonexistent.example.test.", .a, rd: rd)
            #expect(answer.responseCode == .nameError)
            #expect(answer.isAuthoritative)
            #expect(answer.answers.isEmpty)
            #expect(answer.authority == [F.negativeSOA])
            #expect(answer.authority.first?.ttl == 10800)
            #expect(answer.additional.isEmpty)
        }
    }

    @Test("zero-no-soa-ttl: NXDOMAIN to an SOA query carries the SOA with TTL 0")
    func nxdomainSOAQuery() throws {
        let answer = try ask("nonexistent.example.test.", .soa)
        #expect(answer.responseCode == .nameError)
        #expect(answer.authority.first?.ttl == 0)
    }

    @Test("RFC 2308 §2.2: NODATA is NOERROR with the SOA and no answer")
    func nodata() throws {
        let answer = try ask("mail.example.test.", .aaaa)
        #expect(answer.responseCode == .noError)
        #expect(answer.isAuthoritative)
        #expect(answer.answers.isEmpty)
        #expect(answer.authority == [F.negativeSOA])
        #expect(answer.additional.isEmpty)
    }

    @Test("a name below an existing name that does not exist is NXDOMAIN")
    func belowExisting() throws {
        #expect(try ask("x.mail.example.test.", .a).responseCode == .nameError)
        #expect(try ask("x.www.example.test.", .a).responseCode == .nameError)
    }

    @Test("qtype ANY (over TCP) gets every RRset at the name (minimal-any no), no additional data, as from named 9.18")
    func any() throws {
        let answer = try ask("example.test.", .any)
        #expect(Set(answer.answers) == [F.apexSOA, F.apexNS, F.apexMX, F.apexA, F.apexTXT])
        #expect(answer.answers.count == 5)
        #expect(answer.authority.isEmpty, "the apex NS is in the answer already")
        #expect(answer.additional.isEmpty, "no addresses for the NS and MX targets")
    }

    @Test("ANY at a CNAME returns the CNAME without following it; ANY at a missing name is NXDOMAIN")
    func anyAtCNAME() throws {
        let answer = try ask("www.example.test.", .any)
        #expect(answer.answers == [F.wwwCNAME])
        #expect(answer.authority == [F.apexNS], "named 9.18 adds the apex NS below the apex")
        #expect(answer.additional.isEmpty, "but not its address")
        #expect(try ask("www.example.test.", .any, rd: true).authority.isEmpty, "no-auth-recursive")
        #expect(try ask("nope.example.test.", .any).responseCode == .nameError)
    }

    @Test("RFC 8482 §4.1: a minimal ANY answer is the name's first RRset in zone order")
    func minimalAny() throws {
        let catalog = try F.fullCatalog()
        func ask(_ name: String) -> AuthoritativeAnswer {
            catalog.answer(to: F.question(name, .any), recursionDesired: false, minimalAny: true)
        }
        let apex = ask("example.test.")
        #expect(apex.answers == [F.apexSOA])
        #expect(apex.authority == [F.apexNS] && apex.additional.isEmpty, "as a whole ANY answer below the apex")
        #expect(ask("x.wild.example.test.").answers == [F.record("x.wild.example.test.", F.a("192.0.2.1"))])
        #expect(ask("www.example.test.").answers == [F.wwwCNAME])
        #expect(ask("nope.example.test.").responseCode == .nameError)
        #expect(ask("b.example.test.").answers.isEmpty, "an empty non-terminal stays NODATA")
        #expect(!ask("sub.example.test.").isAuthoritative, "a cut stays a referral")
    }

    @Test("a name in no zone is REFUSED without AA (recursion no)")
    func refused() throws {
        for name in ["example.org.", "test.", "."] {
            let answer = try ask(name, .a)
            #expect(answer == .failure(.refused))
            #expect(!answer.isAuthoritative)
        }
    }

    @Test("class CH is REFUSED; class ANY is answered")
    func classes() throws {
        let catalog = try F.classicCatalog()
        let chaos = DNSQuestion(name: F.name("example.test."), type: .a, dnsClass: .chaos)
        #expect(catalog.answer(to: chaos, recursionDesired: false).responseCode == .refused)
        let any = DNSQuestion(name: F.name("example.test."), type: .a, dnsClass: .any)
        #expect(catalog.answer(to: any, recursionDesired: false).answers == [F.apexA])
    }

    @Test("meta types: AXFR, IXFR, OPT, TSIG are FORMERR; MAILA, MAILB are NOTIMP")
    func metaTypes() throws {
        for type in [
            DNSRecordType.axfr, .ixfr, .opt, .tsig, DNSRecordType(rawValue: 249), DNSRecordType(rawValue: 200),
        ] {
            #expect(try ask("example.test.", type).responseCode == .formatError)
        }
        for raw: UInt16 in [253, 254] {
            #expect(try ask("example.test.", DNSRecordType(rawValue: raw)).responseCode == .notImplemented)
        }
    }

    @Test("DS and DNSKEY answers are minimal: no authority NS even with RD clear")
    func dnssecTypesMinimal() throws {
        let answer = try ask("example.test.", .dnsKey)
        #expect(answer.responseCode == .noError)
        #expect(answer.authority == [F.negativeSOA])
        #expect(answer.additional.isEmpty)
    }

    @Test("minimal responses (EDNS buffer 512 over UDP) drop authority and additional")
    func minimal() throws {
        let answer = try F.classicCatalog().answer(
            to: F.question("example.test.", .mx), recursionDesired: false, minimalResponses: true)
        #expect(answer.answers == [F.apexMX])
        #expect(answer.authority.isEmpty)
        #expect(answer.additional.isEmpty)
        let negative = try F.classicCatalog().answer(
            to: F.question("none.example.test.", .mx), recursionDesired: false, minimalResponses: true)
        #expect(negative.authority == [F.negativeSOA])
    }

    @Test("the same question gives the same answer (cacheable)")
    func deterministic() throws {
        let catalog = try F.classicCatalog()
        let first = catalog.answer(to: F.question("www.example.test.", .mx), recursionDesired: false)
        let second = catalog.answer(to: F.question("WWW.example.test.", .mx), recursionDesired: false)
        #expect(first == second)
    }
}
