import MailCore
import Testing

@testable import DNSProtocol

/// Parses `text` as `zones/example.test` with origin `example.test.`.
func parseZone(
    _ text: String, origin: String = "example.test.", defaultTTL: UInt32? = nil,
    include: ((String) throws -> String)? = nil, warning: ((ZoneFileError) -> Void)? = nil
) throws(ZoneFileError) -> [ResourceRecord] {
    let parser = ZoneFileParser(
        text: text, fileName: "zones/example.test", origin: DNSName(origin) ?? .root, defaultTTL: defaultTTL)
    return try parser.parse(include: include, warning: warning)
}


@Suite("Zone file parser")
struct ZoneFileParserTests {
    static let centOSZone = """
        ; zone file for example.test
        $TTL 1D
        @       IN SOA  ns1.example.test. hostmaster.example.test. (
                        2024060101  ; serial
                        1D          ; refresh
                        1H          ; retry
                        1W          ; expire
                        3H )        ; minimum
                IN  NS      ns1.example.test.
                IN  MX  10  mail.example.test.
                IN  A       127.0.0.1
        ns1     IN  A       127.0.0.1
        mail    IN  A       127.0.0.1
        www     IN  CNAME   example.test.
        @       IN  TXT     "v=spf1 mx -all"

        """

    @Test("the classic CentOS guide zone parses to the expected records")
    func centOS() throws {
        let records = try parseZone(Self.centOSZone)
        let apex = name("example.test.")
        let localhost = try #require(IPAddress("127.0.0.1"))
        let soa = StartOfAuthority(
            primaryServer: name("ns1.example.test."), responsibleMailbox: name("hostmaster.example.test."),
            serial: 2_024_060_101, refresh: 86400, retry: 3600, expire: 604_800, minimum: 10800)
        let expected: [ResourceRecord] = [
            ResourceRecord(name: apex, ttl: 86400, data: .soa(soa)),
            ResourceRecord(name: apex, ttl: 86400, data: .ns(name("ns1.example.test."))),
            ResourceRecord(name: apex, ttl: 86400, data: .mx(preference: 10, exchange: name("mail.example.test."))),
            ResourceRecord(name: apex, ttl: 86400, data: .a(localhost)),
            ResourceRecord(name: name("ns1.example.test."), ttl: 86400, data: .a(localhost)),
            ResourceRecord(name: name("mail.example.test."), ttl: 86400, data: .a(localhost)),
            ResourceRecord(name: name("www.example.test."), ttl: 86400, data: .cname(apex)),
            ResourceRecord(name: apex, ttl: 86400, data: .txt([Array("v=spf1 mx -all".utf8)])),
        ]
        #expect(records == expected)
        #expect(
            records[0].presentation.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                == "example.test. 86400 IN SOA ns1.example.test. hostmaster.example.test. 2024060101 86400 3600 604800 10800")
        #expect(records[2].presentation.contains(/^example\.test\.\s+86400\s+IN\s+MX\s+10 mail\.example\.test\.$/))
    }

    @Test("a non-numeric MX preference fails with a one-line FILE:3: error")
    func mxNotANumber() {
        let text = "$TTL 1D\n@ IN SOA ns1 hostmaster ( 1 2 3 4 5 )\nmail IN MX notanumber\n"
        #expect {
            try parseZone(text)
        } throws: { error in
            let text = (error as? ZoneFileError)?.description ?? ""
            return text == "zones/example.test:3: MX preference \"notanumber\" is not a number" && !text.contains("\n")
        }
    }

    @Test("$ORIGIN: absolute, relative to the current origin, and used for @ and RDATA names")
    func originChanges() throws {
        let records = try parseZone(
            """
            $TTL 300
            $ORIGIN sub.example.test.
            host A 192.0.2.1
            $ORIGIN deeper
            @ MX 5 mx
            $ORIGIN other.test.
            x CNAME y
            """)
        #expect(records.map(\.name) == [name("host.sub.example.test"), name("deeper.sub.example.test"), name("x.other.test")])
        #expect(records[1].data == .mx(preference: 5, exchange: name("mx.deeper.sub.example.test")))
        #expect(records[2].data == .cname(name("y.other.test")))
    }

    @Test("$INCLUDE with an origin; the includer's origin and owner are restored afterwards")
    func include() throws {
        var asked: [String] = []
        let files = ["inc/hosts.zone": "$ORIGIN elsewhere.test.\nh1 A 192.0.2.1\n A 192.0.2.2\n", "inc/txt": " TXT hi"]
        let records = try parseZone(
            """
            $TTL 60
            base A 192.0.2.9
            $INCLUDE inc/hosts.zone lab ; comment
            after A 192.0.2.3
            $INCLUDE "inc/txt"
            """,
            include: { path in
                asked.append(path)
                guard let text = files[path] else { throw CocoaLikeError() }
                return text
            })
        #expect(asked == ["inc/hosts.zone", "inc/txt"])
        #expect(
            records.map(\.name) == [
                name("base.example.test"), name("h1.elsewhere.test"), name("h1.elsewhere.test"),
                name("after.example.test"), name("after.example.test"),
            ])
    }

    @Test("a blank owner repeats the previous owner, also after a multi-line record")
    func inheritedOwner() throws {
        let records = try parseZone(
            """
            $TTL 1h
            www A 192.0.2.1
                A 192.0.2.2
            \tAAAA 2001:db8::1
            mx MX ( 10 ; preference
                    mail ) ; exchange
               TXT one two "three four"
            """)
        #expect(records.map(\.name) == [name("www.example.test")] * 3 + [name("mx.example.test")] * 2)
        #expect(records[2].data == .aaaa(IPAddress("2001:db8::1")!))
        #expect(records[4].data == .txt([Array("one".utf8), Array("two".utf8), Array("three four".utf8)]))
    }

    @Test("TTL units, TTL and class in either order, RFC 1035 last-TTL rule, SOA MINIMUM fallback")
    func ttlRules() throws {
        var warnings: [ZoneFileError] = []
        let records = try parseZone(
            """
            @ SOA ns hostmaster 1 1h 15m 1w2d 45S
            a A 192.0.2.1
            b 1W2D IN A 192.0.2.2
            c IN 30m A 192.0.2.3
            d A 192.0.2.4
            $TTL 3h
            e A 192.0.2.5
            f 1d2h3m4s A 192.0.2.6
            g A 192.0.2.7
            """, warning: { warnings.append($0) })
        #expect(records.map(\.ttl) == [45, 45, 777_600, 1800, 45, 10800, 93784, 10800])
        #expect(warnings.map(\.description) == ["zones/example.test:1: no TTL specified; using SOA MINTTL instead"])
        if case .soa(let soa) = records[0].data {
            #expect([soa.refresh, soa.retry, soa.expire, soa.minimum] == [3600, 900, 777_600, 45])
        } else {
            Issue.record("first record should be the SOA")
        }
        #expect(try parseZone("a A 192.0.2.1", defaultTTL: 99)[0].ttl == 99)
        // Without $TTL or SOA, the previous record's TTL carries on (RFC 1035 §5.1).
        #expect(try parseZone("a 100 A 192.0.2.1\nb A 192.0.2.2\nc 7 A 192.0.2.3\nd A 192.0.2.4").map(\.ttl) == [100, 100, 7, 7])
        #expect(try parseZone("a 2147483647 A 192.0.2.1")[0].ttl == 2_147_483_647)
    }

    @Test("escapes in names and strings: \\DDD, \\., \\\", \\\\, and ; inside quotes")
    func escapes() throws {
        let records = try parseZone(
            #"""
            $TTL 60
            a\.b\032c TXT "say \"hi\" \\ \009 ; not a comment" \065x
            dot\. CNAME target\.name.
            """#)
        #expect(records[0].name.labels.first == Array("a.b c".utf8))
        #expect(records[0].data == .txt([Array("say \"hi\" \\ \t ; not a comment".utf8), Array("Ax".utf8)]))
        #expect(records[1].name.labels == [Array("dot.".utf8), Array("example".utf8), Array("test".utf8)])
        #expect(records[1].data == .cname(DNSName(labels: [Array("target.name".utf8)])!))
        #expect(try parseZone("$TTL 1\n@ TXT \"\"")[0].data == .txt([[]]))
    }

    @Test("SRV, CAA, AAAA, PTR and RFC 3597 generic forms")
    func otherTypes() throws {
        let records = try parseZone(
            """
            $TTL 60
            _imaps._tcp SRV 0 1 993 mail
            @ CAA 0 issue "letsencrypt.org"
            @ CAA 128 iodef mailto:security@example.test
            1.2 PTR host.example.test.
            v6 AAAA ::ffff:192.0.2.1
            x TYPE65534 \\# 3 01 0203
            y TYPE1 \\# 4 7F000001
            z CLASS1 3600 MX \\# 3 000a 00
            e TYPE999 \\# 0
            """)
        #expect(records[0].data == .srv(priority: 0, weight: 1, port: 993, target: name("mail.example.test")))
        #expect(records[1].data == .caa(flags: 0, tag: Array("issue".utf8), value: Array("letsencrypt.org".utf8)))
        #expect(records[2].data == .caa(flags: 128, tag: Array("iodef".utf8), value: Array("mailto:security@example.test".utf8)))
        #expect(records[3].name == name("1.2.example.test"))
        #expect(records[4].data == .aaaa(IPAddress("::ffff:192.0.2.1")!))
        #expect(records[5].data == .unknown(DNSRecordType(rawValue: 65534), [1, 2, 3]))
        #expect(records[6].data == .a(IPAddress("127.0.0.1")!))
        #expect(records[7].data == .mx(preference: 10, exchange: .root))
        #expect(records[7].ttl == 3600)
        #expect(records[8].data == .unknown(DNSRecordType(rawValue: 999), []))
    }

    @Test("RFC 3597 \\# RDATA is decoded into the typed case for known types")
    func genericKnownTypes() throws {
        let records = try parseZone(
            ##"""
            $TTL 60
            t TXT \# 9 0568656c6c6f 00 0178
            n NS \# 3 016100
            c CAA \# 8 0005697373756578
            s SRV \# 9 0001 0002 0003 016200
            p PTR \# 1 00
            q AAAA \# 16 20010db8000000000000000000000001
            @ SOA \# 22 00 00 00000001 00000002 00000003 00000004 00000005
            """##)
        #expect(records[0].data == .txt([Array("hello".utf8), [], Array("x".utf8)]))
        #expect(records[1].data == .ns(name("a.")))
        #expect(records[2].data == .caa(flags: 0, tag: Array("issue".utf8), value: Array("x".utf8)))
        #expect(records[3].data == .srv(priority: 1, weight: 2, port: 3, target: name("b.")))
        #expect(records[4].data == .ptr(.root))
        #expect(records[5].data == .aaaa(IPAddress("2001:db8::1")!))
        let soa = StartOfAuthority(
            primaryServer: .root, responsibleMailbox: .root, serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 5)
        #expect(records[6].data == .soa(soa))
    }

    @Test("CRLF line ends, comment-only and blank lines, case-insensitive mnemonics")
    func layout() throws {
        let records = try parseZone("; head\r\n\r\n   ; indented comment\r\n$ttl 5m\r\nHOST in a 192.0.2.1 ; c\r\n")
        #expect(records == [ResourceRecord(name: name("host.example.test"), ttl: 300, data: .a(IPAddress("192.0.2.1")!))])
    }
}

/// A loader error for the include tests.
struct CocoaLikeError: Error, CustomStringConvertible {
    var description: String { "No such file\nor directory" }
}

extension Array {
    static func * (lhs: Array, rhs: Int) -> Array { (0..<rhs).flatMap { _ in lhs } }
}
