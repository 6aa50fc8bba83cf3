import DNSProtocol
import MailCore

/// Test helpers: terse record builders and a seeded generator for reproducible shuffles.
enum ResolverFixture {
    static func name(_ text: String) -> DNSName { DNSName(text)! }

    static func mx(_ owner: String, _ preference: UInt16, _ exchange: String, ttl: UInt32 = 300) -> ResourceRecord {
        ResourceRecord(name: name(owner), ttl: ttl, data: .mx(preference: preference, exchange: name(exchange)))
    }

    static func a(_ owner: String, _ address: String, ttl: UInt32 = 300) -> ResourceRecord {
        ResourceRecord(name: name(owner), ttl: ttl, data: .a(IPAddress(address)!))
    }

    static func cname(_ owner: String, _ target: String, ttl: UInt32 = 300) -> ResourceRecord {
        ResourceRecord(name: name(owner), ttl: ttl, data: .cname(name(target)))
    }

    static func soa(_ zone: String, ttl: UInt32 = 3600, minimum: UInt32 = 600) -> ResourceRecord {
        ResourceRecord(
            name: name(zone), ttl: ttl,
            data: .soa(
                StartOfAuthority(
                    primaryServer: name("ns1.\(zone)"), responsibleMailbox: name("hostmaster.\(zone)"), serial: 1,
                    refresh: 7200, retry: 900, expire: 1_209_600, minimum: minimum)))
    }

    /// A response to `question` with the given sections.
    static func response(
        _ question: DNSQuestion, id: UInt16 = 7, rcode: DNSResponseCode = .noError, answers: [ResourceRecord] = [],
        authority: [ResourceRecord] = []
    ) -> DNSMessage {
        var flags = DNSHeaderFlags()
        flags.isResponse = true
        flags.recursionAvailable = true
        return DNSMessage(
            id: id, flags: flags, responseCode: rcode, questions: [question], answers: answers, authority: authority)
    }
}

/// SplitMix64: a tiny deterministic generator so shuffle results are reproducible.
struct SeededRandom: RandomNumberGenerator, Sendable {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
