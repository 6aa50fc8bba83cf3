import Testing

@testable import DNSProtocol

@Suite("Zone validation")
struct ZoneValidationTests {
    typealias F = Fixture
    let origin = Fixture.name("example.test.")

    private func error(_ records: [ResourceRecord]) -> String? {
        do {
            _ = try Zone(origin: origin, records: records)
            return nil
        } catch {
            return error.message
        }
    }

    @Test("the guide's zone loads: serial, SOA, apex NS, no warnings")
    func classicLoads() throws {
        let zone = try F.classicZone()
        #expect(zone.serial == 2_024_060_101)
        #expect(zone.soa == F.apexSOA)
        #expect(zone.nameServers.records == [F.apexNS])
        #expect(zone.warnings.isEmpty)
        #expect(zone.origin == origin)
    }

    @Test("RFC 1035 §5.2: a zone without SOA is rejected")
    func missingSOA() {
        #expect(error(Array(F.classicRecords.dropFirst())) == "zone example.test/IN: has 0 SOA records")
    }

    @Test("RFC 1035 §5.2: exactly one SOA")
    func twoSOAs() {
        let records = F.classicRecords + [F.record("example.test.", F.soa("example.test.", serial: 7))]
        #expect(error(records) == "zone example.test/IN: has 2 SOA records")
    }

    @Test("RFC 1034 §4.2.1: the SOA belongs at the apex")
    func soaNotAtApex() {
        let records = F.classicRecords + [F.record("sub.example.test.", F.soa("sub.example.test."))]
        #expect(error(records) == "zone example.test/IN: SOA record not at top of zone (sub.example.test)")
    }

    @Test("RFC 1034 §4.2.1: the apex needs NS records")
    func missingNS() {
        let records = F.classicRecords.filter { $0.type != .ns }
        #expect(error(records) == "zone example.test/IN: has no NS records")
    }

    @Test("records outside the origin are rejected")
    func outOfZone() {
        let records = F.classicRecords + [F.record("mail.other.test.", F.a("192.0.2.1"))]
        #expect(error(records) == "zone example.test/IN: out of zone data (mail.other.test)")
    }

    @Test("records of another class are rejected")
    func classMismatch() {
        var chaos = F.record("txt.example.test.", F.txt("x"))
        chaos.dnsClass = .chaos
        #expect(
            error(F.classicRecords + [chaos])
                == "zone example.test/IN: txt.example.test: class CH does not match zone class IN")
    }

    @Test("RFC 1034 §3.6.2, RFC 2181 §10.1: CNAME and other data")
    func cnameAndOtherData() {
        let records = F.classicRecords + [F.record("www.example.test.", F.a("192.0.2.1"))]
        #expect(error(records) == "zone example.test/IN: www.example.test: CNAME and other data")
    }

    @Test("RFC 2181 §10.1: one CNAME per name")
    func twoCNAMEs() {
        let records = F.classicRecords + [F.record("www.example.test.", F.cname("mail.example.test."))]
        #expect(error(records) == "zone example.test/IN: www.example.test: multiple RRs of singleton type")
    }

    @Test("a CNAME at the apex collides with the SOA")
    func apexCNAME() {
        let records = F.classicRecords + [F.record("example.test.", F.cname("other.test."))]
        #expect(error(records) == "zone example.test/IN: example.test: CNAME and other data")
    }

    @Test("check-integrity: an in-zone name server needs an address")
    func nameServerWithoutAddress() {
        let records = F.classicRecords + [F.record("example.test.", F.ns("ns2.example.test."))]
        #expect(error(records) == "zone example.test/IN: NS 'ns2.example.test' has no address records (A or AAAA)")
    }

    @Test("check-integrity: a name server must not be a CNAME")
    func nameServerAlias() {
        let records = F.classicRecords + [F.record("example.test.", F.ns("www.example.test."))]
        #expect(error(records) == "zone example.test/IN: NS 'www.example.test' is a CNAME (illegal)")
    }

    @Test("out-of-zone name servers are not checked")
    func outOfZoneNameServer() throws {
        let zone = try Zone(
            origin: origin, records: F.classicRecords + [F.record("example.test.", F.ns("ns.other.test."))])
        #expect(zone.nameServers.records.count == 2)
    }

    @Test("check-mx-integrity and check-mx-cname warn, not fail")
    func mxWarnings() throws {
        let records =
            F.classicRecords + [
                F.record("example.test.", F.mx(20, "mx2.example.test.")),
                F.record("example.test.", F.mx(30, "www.example.test.")),
            ]
        let zone = try Zone(origin: origin, records: records)
        #expect(
            zone.warnings == [
                "zone example.test/IN: MX 'mx2.example.test' has no address records (A or AAAA)",
                "zone example.test/IN: MX 'www.example.test' is a CNAME (illegal)",
            ])
    }

    @Test("RFC 2181 §5.2: an RRset takes its first TTL, with a warning")
    func ttlMismatch() throws {
        let records = F.classicRecords + [F.record("mail.example.test.", ttl: 300, F.a("127.0.0.2"))]
        let zone = try Zone(origin: origin, records: records)
        let set = try #require(zone.rrset(named: F.name("mail.example.test."), type: .a))
        #expect(set.ttl == 86400)
        #expect(set.records.allSatisfy { $0.ttl == 86400 })
        #expect(set.records.count == 2)
        #expect(zone.warnings == ["zone example.test/IN: mail.example.test/A: TTL set to prior TTL (86400)"])
    }

    @Test("RFC 2181 §5: duplicate records collapse, whatever the owner's case")
    func duplicates() throws {
        let records = F.classicRecords + [F.mailA, F.record("MAIL.Example.TEST.", F.a("127.0.0.1"))]
        let zone = try Zone(origin: origin, records: records)
        let set = try #require(zone.rrset(named: F.name("mail.example.test."), type: .a))
        #expect(set.records == [F.mailA])
        #expect(zone.records.count == F.classicRecords.count - 1)
    }

    @Test("RFC 5936 §2.2: AXFR order is SOA, the rest, SOA")
    func transferRecords() throws {
        let zone = try F.classicZone()
        let transfer = zone.transferRecords
        #expect(transfer.first == F.apexSOA)
        #expect(transfer.last == F.apexSOA)
        #expect(transfer.count == F.classicRecords.count + 1)
        #expect(Set(transfer.dropFirst().dropLast()) == Set(F.classicRecords.dropFirst()))
        #expect(transfer.filter { $0.type == .soa }.count == 2)
    }

    @Test("RFC 8020: ancestors of names exist as empty non-terminals; cuts are indexed")
    func index() throws {
        let zone = try F.extendedZone()
        #expect(zone.nodes[F.name("b.example.test.")]?.rrsets.isEmpty == true)
        #expect(zone.nodes[F.name("wild.example.test.")]?.rrsets.isEmpty == true)
        #expect(zone.nodes[F.name("c.example.test.")] == nil)
        #expect(zone.cuts == [F.name("sub.example.test.")])
    }

    @Test("a catalog rejects two zones with one origin and finds the deepest enclosing zone")
    func catalog() throws {
        #expect(throws: ZoneError.self) { try ZoneCatalog(zones: [F.classicZone(), F.classicZone()]) }
        let child = try Zone(
            origin: F.name("sub.example.test."),
            records: [
                F.record("sub.example.test.", F.soa("sub.example.test.")),
                F.record("sub.example.test.", F.ns("ns1.example.test.")),
            ])
        let catalog = try ZoneCatalog(zones: [F.extendedZone(), child, F.otherZone()])
        #expect(catalog.zone(enclosing: F.name("a.b.SUB.example.test."))?.origin == F.name("sub.example.test."))
        #expect(catalog.zone(enclosing: F.name("www.example.test."))?.origin == F.name("example.test."))
        #expect(catalog.zone(enclosing: F.name("example.test."))?.origin == F.name("example.test."))
        #expect(catalog.zone(enclosing: F.name("test.")) == nil)
        #expect(catalog.zone(enclosing: .root) == nil)
        #expect(catalog.zone(enclosing: F.name("example.org.")) == nil)
        #expect(catalog.zone(named: F.name("OTHER.test.")) != nil)
        #expect(catalog.zones.count == 3)
    }
}
