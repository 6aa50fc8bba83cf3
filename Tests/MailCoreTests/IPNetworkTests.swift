import MailCore
import Testing

@Suite("IPAddress and IPNetwork")
struct IPNetworkTests {
    @Test("IPv4 and IPv6 text round-trips (RFC 5952 canonical form)", arguments: [
        ("192.0.2.1", "192.0.2.1"), ("::1", "::1"), ("2001:DB8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("::", "::"), ("fe80::", "fe80::"), ("::ffff:192.0.2.1", "::ffff:c000:201"), ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"),
    ])
    func roundTrip(input: String, canonical: String) throws {
        #expect(try #require(IPAddress(input)).description == canonical)
    }

    @Test("rejects malformed addresses", arguments: ["", "1.2.3", "1.2.3.256", "1.2.3.4.5", "01234::", "1::2::3", "1:2:3:4:5:6:7:8:9", "::g"])
    func invalid(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test("CIDR membership, Postfix's bracketed IPv6 form, host bits cleared")
    func membership() throws {
        let lan = try #require(IPNetwork("192.168.1.77/24"))
        #expect(lan.description == "192.168.1.0/24")
        #expect(lan.contains(IPAddress("192.168.1.200")!))
        #expect(!lan.contains(IPAddress("192.168.2.1")!))
        #expect(lan.contains(IPAddress("::ffff:192.168.1.5")!), "an IPv4-mapped peer counts as IPv4")
        let loopback6 = try #require(IPNetwork("[::1]/128"))
        #expect(loopback6.description == "[::1]/128")
        #expect(loopback6.contains(IPAddress("::1")!))
        #expect(!loopback6.contains(IPAddress("127.0.0.1")!))
        #expect(IPNetwork("10.0.0.0/8")!.contains(IPAddress("10.255.255.255")!))
        #expect(IPNetwork("0.0.0.0/0")!.contains(IPAddress("203.0.113.9")!))
        #expect(IPNetwork("192.0.2.1")?.prefixLength == 32)
        #expect(IPNetwork("10.0.0.0/12")!.contains(IPAddress("10.15.0.1")!))
        #expect(!IPNetwork("10.0.0.0/12")!.contains(IPAddress("10.16.0.1")!))
    }

    @Test("rejects malformed networks", arguments: ["10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "[::1]/129", "nonsense/8"])
    func invalidNetworks(text: String) {
        #expect(IPNetwork(text) == nil)
    }
}
