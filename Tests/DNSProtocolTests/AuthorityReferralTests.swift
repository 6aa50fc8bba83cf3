import Testing

@testable import DNSProtocol

/// Delegations, wildcards, empty non-terminals and CNAME chains across zones.
@Suite("Referrals, wildcards and chains")
struct AuthorityReferralTests {
    typealias F = Fixture

    private func ask(_ name: String, _ type: DNSRecordType, rd: Bool = false) throws -> AuthoritativeAnswer {
        try F.fullCatalog().answer(to: F.question(name, type), recursionDesired: rd)
    }

    static let subNS = [
        F.record("sub.example.test.", F.ns("ns1.example.test.")),
        F.record("sub.example.test.", F.ns("ns.sub.example.test.")),
    ]
    static let subGlueA = F.record("ns.sub.example.test.", F.a("192.0.2.53"))
    static let subGlueAAAA = F.record("ns.sub.example.test.", F.aaaa("2001:db8::53"))

    @Test("RFC 1034 §4.3.2 step 3b: below a cut, a referral without AA, with glue")
    func referral() throws {
        for rd in [false, true] {
            let answer = try ask("host.sub.example.test.", .a, rd: rd)
            #expect(answer.responseCode == .noError)
            #expect(!answer.isAuthoritative)
            #expect(answer.answers.isEmpty)
            #expect(answer.authority == Self.subNS)
            #expect(answer.additional == [F.ns1A, Self.subGlueA, Self.subGlueAAAA])
        }
    }

    @Test("NS and MX queries at the cut are referrals too")
    func referralAtCut() throws {
        for type in [DNSRecordType.ns, .mx, .any] {
            let answer = try ask("sub.example.test.", type)
            #expect(!answer.isAuthoritative)
            #expect(answer.authority == Self.subNS)
        }
    }

    @Test("glue is not authoritative data: an A query for it is a referral, the glue answer first")
    func glueQuery() throws {
        let answer = try ask("ns.sub.example.test.", .a)
        #expect(!answer.isAuthoritative)
        #expect(answer.answers.isEmpty)
        #expect(answer.additional == [Self.subGlueA, F.ns1A, Self.subGlueAAAA])
    }

    @Test("RFC 4035 §3.1.4.1: DS at the cut is answered by the parent (NODATA here); below it, a referral")
    func dsAtCut() throws {
        let answer = try ask("sub.example.test.", .delegationSigner)
        #expect(answer.isAuthoritative)
        #expect(answer.responseCode == .noError)
        #expect(answer.authority == [F.negativeSOA])
        let below = try ask("x.sub.example.test.", .delegationSigner)
        #expect(!below.isAuthoritative)
        #expect(below.authority == Self.subNS)
        #expect(below.additional == (try ask("x.sub.example.test.", .a)).additional.filter { $0.name != F.name("x.sub.example.test.") },
                "below the cut a DS question gets the referral with its glue, as named 9.18 sends it")
    }

    @Test("a served child zone answers for itself; DS at its apex goes to the parent")
    func childZone() throws {
        let child = try Zone(
            origin: F.name("sub.example.test."),
            records: [
                F.record("sub.example.test.", F.soa("sub.example.test.")),
                F.record("sub.example.test.", F.ns("ns.sub.example.test.")),
                F.record("ns.sub.example.test.", F.a("192.0.2.53")),
                F.record("host.sub.example.test.", F.a("192.0.2.7")),
            ])
        let catalog = try ZoneCatalog(zones: [F.extendedZone(), child])
        let host = catalog.answer(to: F.question("host.sub.example.test.", .a), recursionDesired: false)
        #expect(host.isAuthoritative)
        #expect(host.answers == [F.record("host.sub.example.test.", F.a("192.0.2.7"))])
        #expect(host.authority == [F.record("sub.example.test.", F.ns("ns.sub.example.test."))])
        let ds = catalog.answer(to: F.question("sub.example.test.", .delegationSigner), recursionDesired: false)
        #expect(ds.authority == [F.negativeSOA])
        let alias = catalog.answer(to: F.question("tosub.example.test.", .a), recursionDesired: false)
        #expect(alias.answers == [F.record("tosub.example.test.", F.cname("host.sub.example.test."))],
                "a CNAME into a served child zone ends the answer too: it is another zone")
        #expect(alias.authority.isEmpty && alias.additional.isEmpty)
        // Without the parent, the child answers DS at its own apex.
        let alone = try ZoneCatalog(zones: [child])
        let own = alone.answer(to: F.question("sub.example.test.", .delegationSigner), recursionDesired: false)
        #expect(own.isAuthoritative)
        #expect(own.authority.first?.name == F.name("sub.example.test."))
    }

    @Test("RFC 8020: an empty non-terminal is NODATA, not NXDOMAIN")
    func emptyNonTerminal() throws {
        for rd in [false, true] {
            let answer = try ask("b.example.test.", .a, rd: rd)
            #expect(answer.responseCode == .noError)
            #expect(answer.isAuthoritative)
            #expect(answer.answers.isEmpty)
            #expect(answer.authority == [F.negativeSOA])
        }
        #expect(try ask("a.b.example.test.", .txt).answers == [F.record("a.b.example.test.", F.txt("deep"))])
        #expect(try ask("c.b.example.test.", .txt).responseCode == .nameError)
    }

    @Test("RFC 4592 §3.3.1: a wildcard synthesizes the answer with the query name as owner")
    func wildcard() throws {
        let answer = try ask("Foo.wild.example.test.", .a)
        #expect(answer.responseCode == .noError)
        #expect(answer.isAuthoritative)
        #expect(answer.isSynthesized)
        #expect(answer.answers == [F.record("Foo.wild.example.test.", F.a("192.0.2.1"))])
        #expect(answer.answers.first?.name.description == "Foo.wild.example.test.")
        #expect(answer.authority == [F.apexNS])
        #expect(answer.additional == [F.ns1A])
        let deeper = try ask("a.b.c.wild.example.test.", .mx)
        #expect(deeper.answers == [F.record("a.b.c.wild.example.test.", F.mx(10, "mail.example.test."))])
        #expect(deeper.additional == [F.mailA, F.ns1A])
    }

    @Test("RFC 4592 §2.2: a wildcard without the type is NODATA; existing names block it")
    func wildcardBlocked() throws {
        let nodata = try ask("foo.wild.example.test.", .aaaa)
        #expect(nodata.responseCode == .noError)
        #expect(nodata.authority == [F.negativeSOA])
        let existing = try ask("host.wild.example.test.", .a)
        #expect(existing.responseCode == .noError)
        #expect(existing.answers.isEmpty)
        #expect(!existing.isSynthesized)
        // The closest encloser is host.wild, which has no wildcard child.
        #expect(try ask("x.host.wild.example.test.", .a).responseCode == .nameError)
        // The wildcard's parent is an empty non-terminal.
        #expect(try ask("wild.example.test.", .a).responseCode == .noError)
        #expect(try ask("wild.example.test.", .a).answers.isEmpty)
        // Only names below the wildcard's parent match.
        #expect(try ask("foo.example.test.", .a).responseCode == .nameError)
    }

    @Test("the literal wildcard name answers as an ordinary name")
    func literalWildcard() throws {
        let answer = try ask("*.wild.example.test.", .a)
        #expect(answer.answers == [F.record("*.wild.example.test.", F.a("192.0.2.1"))])
        #expect(!answer.isSynthesized)
    }

    @Test("RFC 4592 §4.3: a wildcard CNAME is synthesized and followed")
    func wildcardCNAME() throws {
        let answer = try ask("q.cw.example.test.", .a)
        #expect(answer.answers == [F.record("q.cw.example.test.", F.cname("mail.example.test.")), F.mailA])
        #expect(answer.authority == [F.apexNS])
    }

    @Test("a chain of two CNAMEs is followed to the end")
    func chain() throws {
        let answer = try ask("alias.example.test.", .a)
        #expect(answer.answers == [F.record("alias.example.test.", F.cname("www.example.test.")), F.wwwCNAME, F.apexA])
        #expect(answer.authority == [F.apexNS])
    }

    @Test("a CNAME to a missing name: NXDOMAIN with the CNAME and the SOA")
    func dangling() throws {
        let answer = try ask("dangling.example.test.", .a)
        #expect(answer.responseCode == .nameError)
        #expect(answer.isAuthoritative)
        #expect(answer.answers == [F.record("dangling.example.test.", F.cname("nowhere.example.test."))])
        #expect(answer.authority == [F.negativeSOA])
    }

    @Test("RFC 1034 §3.6.2: a CNAME loop is signalled as named 9.18 does: SERVFAIL, AA, each CNAME once")
    func loop() throws {
        let loops: [(String, [ResourceRecord])] = [
            ("self.example.test.", [F.record("self.example.test.", F.cname("self.example.test."))]),
            ("loop1.example.test.", [
                F.record("loop1.example.test.", F.cname("loop2.example.test.")),
                F.record("loop2.example.test.", F.cname("loop1.example.test.")),
            ]),
            // A wildcard CNAME whose target leads back to the synthesized name (RFC 4592 §4.3).
            ("q.wl.example.test.", [
                F.record("q.wl.example.test.", F.cname("wt.example.test.")),
                F.record("wt.example.test.", F.cname("q.wl.example.test.")),
            ]),
        ]
        for (name, chain) in loops {
            for type in [DNSRecordType.a, .mx] {
                let answer = try ask(name, type)
                #expect(answer.responseCode == .serverFailure, "\(name)")
                #expect(answer.isAuthoritative)
                #expect(answer.answers == chain)
                #expect(answer.authority.isEmpty && answer.additional.isEmpty)
            }
            #expect(try ask(name, .cname).responseCode == .noError, "the CNAME itself is not followed")
        }
    }

    @Test("BIND 9.18's restart limit: 11 CNAMEs are followed, a 12th is SERVFAIL")
    func restartLimit() throws {
        var records = [
            F.record("chain.test.", F.soa("chain.test.")), F.record("chain.test.", F.ns("ns1.example.test.")),
        ]
        for link in 1...12 { records.append(F.record("c\(link).chain.test.", F.cname("c\(link + 1).chain.test."))) }
        records.append(F.record("c13.chain.test.", F.a("192.0.2.13")))
        let catalog = try ZoneCatalog(zones: [Zone(origin: F.name("chain.test."), records: records)])
        let eleven = catalog.answer(to: F.question("c2.chain.test.", .a), recursionDesired: false)
        #expect(eleven.responseCode == .noError)
        #expect(eleven.answers.count == 12 && eleven.answers.last?.type == .a)
        let twelve = catalog.answer(to: F.question("c1.chain.test.", .a), recursionDesired: false)
        #expect(twelve.responseCode == .serverFailure)
        #expect(twelve.answers == Array(records[2..<14]))
    }

    @Test("a CNAME into another served zone ends the answer there, as in named 9.18: the resolver follows it")
    func crossZone() throws {
        let answer = try ask("external.example.test.", .a)
        #expect(answer.responseCode == .noError)
        #expect(answer.isAuthoritative)
        #expect(answer.answers == [F.record("external.example.test.", F.cname("www.other.test."))])
        #expect(answer.authority.isEmpty && answer.additional.isEmpty)
        let back = try ask("back.other.test.", .mx)
        #expect(back.answers == [F.record("back.other.test.", F.cname("mail.example.test."))])
        #expect(back.authority.isEmpty && back.additional.isEmpty)
    }

    @Test("a CNAME leaving the served zones ends the answer: NOERROR, no authority")
    func leavingCatalog() throws {
        let catalog = try ZoneCatalog(zones: [F.extendedZone()])
        let answer = catalog.answer(to: F.question("external.example.test.", .a), recursionDesired: false)
        #expect(answer.responseCode == .noError)
        #expect(answer.isAuthoritative)
        #expect(answer.answers == [F.record("external.example.test.", F.cname("www.other.test."))])
        #expect(answer.authority.isEmpty)
    }

    @Test("additional addresses come only from the answering zone")
    func additionalFromOwnZone() throws {
        let answer = try ask("other.test.", .mx)
        #expect(answer.additional == [F.record("mx.other.test.", F.a("192.0.2.25"))])
    }

    @Test("a CNAME into a delegation: the referral follows the CNAME, AA decided by the first link")
    func cnameIntoDelegation() throws {
        let answer = try ask("tosub.example.test.", .a)
        #expect(answer.responseCode == .noError)
        #expect(answer.isAuthoritative)
        #expect(answer.answers == [F.record("tosub.example.test.", F.cname("host.sub.example.test."))])
        #expect(answer.authority == Self.subNS)
        #expect(answer.additional == [F.ns1A, Self.subGlueA, Self.subGlueAAAA])
    }

    @Test("a name in neither zone is REFUSED")
    func refusedElsewhere() throws {
        #expect(try ask("www.example.org.", .a) == .failure(.refused))
    }
}
