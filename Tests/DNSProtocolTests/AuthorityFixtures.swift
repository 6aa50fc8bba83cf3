import MailCore

@testable import DNSProtocol

/// Record builders and the zones the authority tests share: the classic guide's `example.test`,
/// an extended copy with a delegation, wildcards, CNAME chains and loops, and a second zone.
enum Fixture {
    static func name(_ text: String) -> DNSName {
        DNSName(text)!
    }

    static func record(_ owner: String, ttl: UInt32 = 86400, _ data: RecordData) -> ResourceRecord {
        ResourceRecord(name: name(owner), ttl: ttl, data: data)
    }

    static func a(_ text: String) -> RecordData { .a(IPAddress(text)!) }
    static func aaaa(_ text: String) -> RecordData { .aaaa(IPAddress(text)!) }
    static func ns(_ text: String) -> RecordData { .ns(name(text)) }
    static func cname(_ text: String) -> RecordData { .cname(name(text)) }
    static func mx(_ preference: UInt16, _ text: String) -> RecordData {
        .mx(preference: preference, exchange: name(text))
    }
    static func txt(_ text: String) -> RecordData { .txt([Array(text.utf8)]) }

    static func soa(_ origin: String, serial: UInt32 = 2_024_060_101) -> RecordData {
        .soa(
            StartOfAuthority(
                primaryServer: name("ns1.example.test."), responsibleMailbox: name("hostmaster.\(origin)"),
                serial: serial, refresh: 86400, retry: 3600, expire: 604800, minimum: 10800))
    }

    /// The guide's zone, record for record.
    static let classicRecords: [ResourceRecord] = [
        record("example.test.", soa("example.test.")),
        record("example.test.", ns("ns1.example.test.")),
        record("example.test.", mx(10, "mail.example.test.")),
        record("example.test.", a("127.0.0.1")),
        record("ns1.example.test.", a("127.0.0.1")),
        record("mail.example.test.", a("127.0.0.1")),
        record("www.example.test.", cname("example.test.")),
        record("example.test.", txt("v=spf1 mx -all")),
    ]

    /// The classic zone plus a delegation with glue, an empty non-terminal, wildcards, chains and loops.
    static let extendedRecords: [ResourceRecord] =
        classicRecords + [
            record("sub.example.test.", ns("ns1.example.test.")),
            record("sub.example.test.", ns("ns.sub.example.test.")),
            record("ns.sub.example.test.", a("192.0.2.53")),
            record("ns.sub.example.test.", aaaa("2001:db8::53")),
            record("a.b.example.test.", txt("deep")),
            record("*.wild.example.test.", a("192.0.2.1")),
            record("*.wild.example.test.", mx(10, "mail.example.test.")),
            record("host.wild.example.test.", txt("exists")),
            record("*.cw.example.test.", cname("mail.example.test.")),
            record("alias.example.test.", cname("www.example.test.")),
            record("dangling.example.test.", cname("nowhere.example.test.")),
            record("external.example.test.", cname("www.other.test.")),
            record("loop1.example.test.", cname("loop2.example.test.")),
            record("loop2.example.test.", cname("loop1.example.test.")),
            record("self.example.test.", cname("self.example.test.")),
            record("*.wl.example.test.", cname("wt.example.test.")),
            record("wt.example.test.", cname("q.wl.example.test.")),
            record("tosub.example.test.", cname("host.sub.example.test.")),
        ]

    static let otherRecords: [ResourceRecord] = [
        record("other.test.", soa("other.test.")),
        record("other.test.", ns("ns1.example.test.")),
        record("other.test.", mx(10, "mx.other.test.")),
        record("other.test.", mx(20, "mail.example.test.")),
        record("mx.other.test.", a("192.0.2.25")),
        record("www.other.test.", a("192.0.2.80")),
        record("back.other.test.", cname("mail.example.test.")),
    ]

    static func classicZone() throws -> Zone {
        try Zone(origin: name("example.test."), records: classicRecords)
    }

    static func extendedZone() throws -> Zone {
        try Zone(origin: name("example.test."), records: extendedRecords)
    }

    static func otherZone() throws -> Zone {
        try Zone(origin: name("other.test."), records: otherRecords)
    }

    static func classicCatalog() throws -> ZoneCatalog {
        try ZoneCatalog(zones: [classicZone()])
    }

    static func fullCatalog() throws -> ZoneCatalog {
        try ZoneCatalog(zones: [extendedZone(), otherZone()])
    }

    // The records answers are expected to contain.
    static let apexA = record("example.test.", a("127.0.0.1"))
    static let apexNS = record("example.test.", ns("ns1.example.test."))
    static let apexMX = record("example.test.", mx(10, "mail.example.test."))
    static let apexTXT = record("example.test.", txt("v=spf1 mx -all"))
    static let apexSOA = record("example.test.", soa("example.test."))
    static let ns1A = record("ns1.example.test.", a("127.0.0.1"))
    static let mailA = record("mail.example.test.", a("127.0.0.1"))
    static let wwwCNAME = record("www.example.test.", cname("example.test."))
    /// RFC 2308 §3: min(86400, MINIMUM 10800).
    static let negativeSOA = record("example.test.", ttl: 10800, soa("example.test."))

    static func question(_ text: String, _ type: DNSRecordType) -> DNSQuestion {
        DNSQuestion(name: name(text), type: type)
    }
}
