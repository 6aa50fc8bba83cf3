import MailCore
import Testing

@testable import DNSProtocol

@Suite("Record presentation format")
struct RecordPresentationTests {
    static let owner = DNSName("example.test.") ?? .root

    /// One record of every type, with awkward octets where the type allows them.
    static let records: [ResourceRecord] = {
        let soa = StartOfAuthority(
            primaryServer: name("ns1.example.test."), responsibleMailbox: name("hostmaster.example.test."),
            serial: 2_024_060_101, refresh: 86400, retry: 3600, expire: 604_800, minimum: 10800)
        let odd = DNSName(labels: [Array("we ird\"(;@$\\.".utf8), [0, 0xff], Array("test".utf8)]) ?? .root
        let data: [RecordData] = [
            .soa(soa),
            .ns(name("ns1.example.test.")),
            .a(IPAddress("192.0.2.1")!),
            .aaaa(IPAddress("2001:db8::1")!),
            .mx(preference: 10, exchange: name("mail.example.test.")),
            .mx(preference: 0, exchange: .root),
            .txt([Array("v=spf1 mx -all".utf8)]),
            .txt([Array("quote\" back\\ tab\t semi; paren( ".utf8) + [0, 0x7f, 0xc3, 0xa9], [], Array("two".utf8)]),
            .cname(odd),
            .ptr(name("host.example.test.")),
            .srv(priority: 0, weight: 5, port: 993, target: name("mail.example.test.")),
            .caa(flags: 0, tag: Array("issue".utf8), value: Array("letsencrypt.org".utf8)),
            .caa(flags: 128, tag: Array("iodef".utf8), value: Array(repeating: UInt8(ascii: "x"), count: 300) + [0x22]),
            .unknown(.tlsa, [3, 1, 1] + Array(0..<32)),
            .unknown(.sshfp, [4, 2] + Array(repeating: 0xab, count: 32)),
            .unknown(.ds, [0xec, 0x45, 13, 2] + Array(repeating: 0x2b, count: 32)),
            .unknown(.hinfo, [8] + Array("PC-Intel".utf8) + [5] + Array("Linux".utf8)),
            .unknown(.tlsa, [3]),
            .unknown(DNSRecordType(rawValue: 65534), [1, 2, 3]),
            .unknown(DNSRecordType(rawValue: 99), []),
        ]
        return data.map { ResourceRecord(name: owner, ttl: 86400, data: $0) } + [
            ResourceRecord(name: odd, ttl: 0, data: .a(IPAddress("127.0.0.1")!)),
            ResourceRecord(name: .root, ttl: 2_147_483_647, data: .ns(name("a.root-servers.test."))),
        ]
    }()

    @Test("TLSA, SSHFP, DS and HINFO print in their own text forms, hex as BIND splits it")
    func typedRawForms() {
        let tlsa = ResourceRecord(name: name("_25._tcp.mail.example.test."), ttl: 3600,
                                  data: .unknown(.tlsa, [3, 1, 1] + Array(repeating: 0x01, count: 32)))
        #expect(tlsa.data.presentation == "3 1 1 " + String(repeating: "01", count: 28) + " " + String(repeating: "01", count: 4))
        #expect(RecordData.unknown(.hinfo, [2] + Array("PC".utf8) + [5] + Array("Linux".utf8)).presentation == "\"PC\" \"Linux\"")
        #expect(RecordData.unknown(.ds, [0xec, 0x45, 5, 1, 0x2b]).presentation == "60485 5 1 2B")
        // Found by ZoneFileFuzzer: an empty first string once made an invalid range.
        #expect(RecordData.unknown(.hinfo, [0, 2] + Array("OS".utf8)).presentation == "\"\" \"OS\"")
        #expect(RecordData.unknown(.tlsa, [3]).presentation == "\\# 1 03", "too short for its form: generic")
    }

    @Test("lines look like named-checkzone -D output")
    func lines() {
        let expected = [
            "example.test. 86400 IN SOA ns1.example.test. hostmaster.example.test. 2024060101 86400 3600 604800 10800",
            "example.test. 86400 IN NS ns1.example.test.",
            "example.test. 86400 IN A 192.0.2.1",
            "example.test. 86400 IN AAAA 2001:db8::1",
            "example.test. 86400 IN MX 10 mail.example.test.",
            "example.test. 86400 IN MX 0 .",
            #"example.test. 86400 IN TXT "v=spf1 mx -all""#,
            #"example.test. 86400 IN TXT "quote\" back\\ tab\009 semi; paren( \000\127\195\169" "" "two""#,
            #"example.test. 86400 IN CNAME we\032ird\"\(\;\@\$\\\..\000\255.test."#,
            "example.test. 86400 IN PTR host.example.test.",
            "example.test. 86400 IN SRV 0 5 993 mail.example.test.",
            #"example.test. 86400 IN CAA 0 issue "letsencrypt.org""#,
            "example.test. 86400 IN CAA 128 iodef \"" + String(repeating: "x", count: 300) + #"\"""#,
            "example.test. 86400 IN TLSA 3 1 1 000102030405060708090A0B0C0D0E0F101112131415161718191A1B 1C1D1E1F",
            "example.test. 86400 IN SSHFP 4 2 " + String(repeating: "AB", count: 28) + " ABABABAB",
            "example.test. 86400 IN DS 60485 13 2 " + String(repeating: "2B", count: 28) + " 2B2B2B2B",
            #"example.test. 86400 IN HINFO "PC-Intel" "Linux""#,
            ##"example.test. 86400 IN TLSA \# 1 03"##,
            ##"example.test. 86400 IN TYPE65534 \# 3 010203"##,
            ##"example.test. 86400 IN TYPE99 \# 0"##,
            #"we\032ird\"\(\;\@\$\\\..\000\255.test. 0 IN A 127.0.0.1"#,
            ". 2147483647 IN NS a.root-servers.test.",
        ]
        // Fields are tab-separated; compare with runs of whitespace folded to one space, except
        // inside RDATA strings, which contain no tabs in presentation form.
        let got = Self.records.map { $0.presentation.replacingTabs() }
        #expect(got == expected)
        #expect(Self.records[4].presentation == "example.test.\t86400\tIN\tMX\t10 mail.example.test.")
    }

    @Test("the parser reads every presentation line back to the same record", arguments: records)
    func roundTrip(_ record: ResourceRecord) throws {
        // A different origin proves the names are written absolute; an SOA must be at the apex.
        let parsed = try parseZone(record.presentation, origin: record.type == .soa ? "example.test." : "elsewhere.test.")
        #expect(parsed == [record])
        // Names compare case-insensitively; check the octets survived too.
        #expect(parsed.first?.name.labels == record.name.labels)
    }

    @Test("a whole zone written out as presentation lines parses back unchanged")
    func zoneRoundTrip() throws {
        let zone = try parseZone(ZoneFileParserTests.centOSZone)
        let text = zone.map(\.presentation).joined(separator: "\n")
        #expect(try parseZone(text) == zone)
    }
}

extension String {
    /// The string with each tab turned into one space.
    func replacingTabs() -> String {
        String(map { $0 == "\t" ? " " : $0 })
    }
}
