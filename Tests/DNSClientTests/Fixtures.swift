import DNSClient
import DNSProtocol
import MailCore

/// Record builders and reply helpers for resolver tests.
enum Fixture {
    static let server1 = DNSServerAddress(host: IPAddress("192.0.2.53")!)
    static let server2 = DNSServerAddress(host: IPAddress("2001:db8::53")!)
    /// A validating resolver on loopback, the only kind whose AD bit counts.
    static let localValidator = DNSServerAddress(host: IPAddress("127.0.0.1")!, port: 5353)

    static func name(_ text: String) -> DNSName { DNSName(text)! }

    static func mx(_ owner: String, _ preference: UInt16, _ exchange: String, ttl: UInt32 = 300) -> ResourceRecord {
        ResourceRecord(name: name(owner), ttl: ttl, data: .mx(preference: preference, exchange: name(exchange)))
    }

    static func a(_ owner: String, _ address: String, ttl: UInt32 = 300) -> ResourceRecord {
        ResourceRecord(name: name(owner), ttl: ttl, data: .a(IPAddress(address)!))
    }

    static func aaaa(_ owner: String, _ address: String, ttl: UInt32 = 300) -> ResourceRecord {
        ResourceRecord(name: name(owner), ttl: ttl, data: .aaaa(IPAddress(address)!))
    }

    static func cname(_ owner: String, _ target: String, ttl: UInt32 = 300) -> ResourceRecord {
        ResourceRecord(name: name(owner), ttl: ttl, data: .cname(name(target)))
    }

    static func txt(_ owner: String, _ strings: [String], ttl: UInt32 = 300) -> ResourceRecord {
        ResourceRecord(name: name(owner), ttl: ttl, data: .txt(strings.map { Array($0.utf8) }))
    }

    static func soa(_ zone: String, ttl: UInt32 = 3600, minimum: UInt32 = 600) -> ResourceRecord {
        ResourceRecord(
            name: name(zone), ttl: ttl,
            data: .soa(
                StartOfAuthority(
                    primaryServer: name("ns1.\(zone)"), responsibleMailbox: name("hostmaster.\(zone)"), serial: 1,
                    refresh: 7200, retry: 900, expire: 1_209_600, minimum: minimum)))
    }

    /// A reply echoing the query's ID and question.
    static func answer(
        rcode: DNSResponseCode = .noError, truncated: Bool = false, authenticated: Bool = false,
        _ answers: [ResourceRecord] = [], authority: [ResourceRecord] = []
    ) -> FakeTransport.Reply {
        .respond { query in
            var flags = DNSHeaderFlags()
            flags.isResponse = true
            flags.recursionDesired = true
            flags.recursionAvailable = true
            flags.truncated = truncated
            flags.authenticData = authenticated
            return DNSMessage(
                id: query.id, flags: flags, responseCode: rcode, questions: query.questions, answers: answers,
                authority: authority)
        }
    }

    static func resolver(
        _ transport: FakeTransport, servers: [DNSServerAddress] = [server1], attempts: Int = 1,
        maximumAliasChain: Int = 8, clock: ManualClock = ManualClock(), seed: UInt64 = 1
    ) -> StubResolver {
        StubResolver(
            configuration: StubResolverConfiguration(
                servers: servers, attempts: attempts, timeout: .seconds(1), maximumAliasChain: maximumAliasChain),
            transport: transport, random: SeededRandom(seed: seed), now: { clock.now })
    }
}

/// SplitMix64: deterministic query IDs and shuffles.
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
