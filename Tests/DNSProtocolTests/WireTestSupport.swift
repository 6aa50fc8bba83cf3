import MailCore

@testable import DNSProtocol

/// Octets from hex text; spaces are ignored so vectors can be grouped by field.
func hexBytes(_ text: String) -> [UInt8] {
    let digits = Array(text.utf8.filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\n") })
    var out: [UInt8] = []
    var index = 0
    while index + 1 < digits.count {
        out.append(UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) ?? 0)
        index += 2
    }
    return out
}

/// Hex text of octets, for diagnostics and for feeding vectors to dnspython.
func hexString(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}

/// A name the test knows to be valid.
func name(_ text: String) -> DNSName {
    DNSName(text) ?? .root
}

/// The wire form of an uncompressed name.
func nameWire(_ text: String) -> [UInt8] {
    name(text).labels.flatMap { [UInt8($0.count)] + $0 } + [0]
}

/// A header with the given counts (RFC 1035 §4.1.1).
func header(id: UInt16 = 0x1234, flags: UInt16 = 0x0100, qd: UInt16 = 0, an: UInt16 = 0, ns: UInt16 = 0, ar: UInt16 = 0)
    -> [UInt8]
{
    [id, flags, qd, an, ns, ar].flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
}

/// The error a decode throws, or `nil` when it succeeds.
func decodeError(_ wire: [UInt8]) -> DNSWireError? {
    do {
        _ = try DNSDecodedMessage(wire: wire)
        return nil
    } catch {
        return error
    }
}

/// A small deterministic generator (SplitMix64) so "random" inputs are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// Every typed RDATA case, and an unknown one, for round trips.
let sampleRecords: [ResourceRecord] = [
    ResourceRecord(name: name("Example.TEST"), ttl: 300, data: .a(IPAddress("192.0.2.1")!)),
    ResourceRecord(name: name("example.test"), ttl: 300, data: .aaaa(IPAddress("2001:db8::25")!)),
    ResourceRecord(name: name("example.test"), ttl: 86400, data: .ns(name("NS1.example.test"))),
    ResourceRecord(name: name("www.example.test"), ttl: 60, data: .cname(name("example.test"))),
    ResourceRecord(name: name("1.2.0.192.in-addr.arpa"), ttl: 60, data: .ptr(name("mail.example.test"))),
    ResourceRecord(name: name("example.test"), ttl: 300, data: .mx(preference: 10, exchange: name("mail.example.test"))),
    ResourceRecord(name: name("example.test"), ttl: 300, data: .mx(preference: 0, exchange: .root)),
    ResourceRecord(
        name: name("example.test"), ttl: 300,
        data: .txt([Array("v=spf1 mx -all".utf8), [], Array(repeating: 0x41, count: 255)])),
    ResourceRecord(
        name: name("example.test"), ttl: 3600,
        data: .soa(
            StartOfAuthority(
                primaryServer: name("ns1.example.test"), responsibleMailbox: name("hostmaster.example.test"),
                serial: 2_024_010_101, refresh: 7200, retry: 3600, expire: 1_209_600, minimum: 300))),
    ResourceRecord(
        name: name("_submission._tcp.example.test"), ttl: 300,
        data: .srv(priority: 0, weight: 1, port: 587, target: name("mail.example.test"))),
    ResourceRecord(
        name: name("example.test"), ttl: 300, data: .caa(flags: 128, tag: Array("issue".utf8), value: Array("ca.test".utf8))),
    ResourceRecord(name: name("example.test"), ttl: 300, data: .unknown(DNSRecordType(rawValue: 99), [1, 2, 3])),
    ResourceRecord(name: name("version.bind"), dnsClass: .chaos, ttl: 0, data: .txt([Array("mailroom".utf8)])),
]
