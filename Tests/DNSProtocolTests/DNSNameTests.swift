import Testing

@testable import DNSProtocol

@Suite("DNSName")
struct DNSNameTests {
    @Test("RFC 4343: comparison ignores ASCII case")
    func caseInsensitive() {
        #expect(DNSName("MAIL.Example.TEST.") == DNSName("mail.example.test"))
        #expect(DNSName("MAIL.Example.TEST.")?.hashValue == DNSName("mail.example.test")?.hashValue)
    }

    @Test("presentation form escapes special and non-printing octets")
    func escapes() {
        let name = DNSName(labels: [Array("a.b".utf8), [0x07], Array("test".utf8)])
        #expect(name?.description == "a\\.b.\\007.test.")
        #expect(DNSName("a\\.b.\\007.test.") == name)
    }

    @Test("RFC 1035 §2.3.4 limits: 63-octet labels, 255-octet names")
    func limits() {
        #expect(DNSName(String(repeating: "a", count: 63) + ".test") != nil)
        #expect(DNSName(String(repeating: "a", count: 64) + ".test") == nil)
        let long = Array(repeating: String(repeating: "a", count: 63), count: 4).joined(separator: ".")
        #expect(DNSName(long) == nil)
        #expect(DNSName("a..b") == nil)
    }

    @Test("subdomain test and parent")
    func hierarchy() throws {
        let zone = try #require(DNSName("example.test"))
        #expect(DNSName("www.Example.test")!.isSubdomain(of: zone))
        #expect(zone.isSubdomain(of: zone))
        #expect(!DNSName("example.org")!.isSubdomain(of: zone))
        #expect(DNSName("www.example.test")!.parent == zone)
        #expect(DNSName.root.parent == .root)
        #expect(DNSName(".") == .root)
    }
}
