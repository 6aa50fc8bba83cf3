import DNSProtocol
import MailCore
import Testing

@testable import DNSServer

/// The answer cache must never change an answer: whatever was asked before on the same socket, a
/// query gets the octets a fresh computation gives it. Each test asks queries that differ only in
/// one thing that changes the response (RFC 3225 §3: DO is copied from the query; RFC 6891 §6.2.5:
/// EDNS presence and the payload size bound the response; RFC 4343 §4.1: the question's spelling is
/// echoed), in both orders, through one cache, and compares every answer with an uncached one.
@Suite("DNSResponseCache consistency")
struct DNSResponseCacheConsistencyTests {
    static let zoneText = """
        $TTL 1D
        @       IN SOA  ns1.example.test. hostmaster.example.test. ( 2024060101 1D 1H 1W 3H )
                IN  NS      ns1.example.test.
                IN  MX  10  mail.example.test.
                IN  A       127.0.0.1
        ns1     IN  A       127.0.0.1
        mail    IN  A       127.0.0.1
        www     IN  CNAME   mail
        *.wild  IN  MX  10  mail.example.test.
        big     IN  TXT     "\(String(repeating: "a", count: 250))" "\(String(repeating: "b", count: 250))"
        """

    static func responder() throws -> AuthoritativeResponder {
        AuthoritativeResponder(store: ServedZonesStore(try AuthoritativeResponderTests.zones(text: zoneText)))
    }

    /// A query in wire form; `payload` nil means no OPT record at all.
    static func query(_ name: String, _ type: DNSRecordType = .a, id: UInt16, payload: UInt16? = 1232,
                      dnssecOK: Bool = false) -> [UInt8] {
        DNSMessage(id: id, questions: [DNSQuestion(name: DNSName(name)!, type: type)],
                   edns: payload.map { EDNSRecord(udpPayloadSize: $0, dnssecOK: dnssecOK) }).encoded()
    }

    let client = DNSClientAddress(IPAddress("192.0.2.9"))

    /// Asks `queries` in order, then in reverse, through one cache; each answer must be the uncached one.
    func expectCacheChangesNothing(_ queries: [[UInt8]], over transport: DNSTransport = .udp,
                                   sourceLocation: SourceLocation = #_sourceLocation) throws {
        let responder = try Self.responder()
        var shared = DNSResponseCache()
        for query in queries + queries.reversed() + queries {
            var empty = DNSResponseCache()
            let fresh = responder.reply(to: query, from: client, over: transport, cache: &empty)
            let cached = responder.reply(to: query, from: client, over: transport, cache: &shared)
            #expect(cached == fresh, sourceLocation: sourceLocation)
        }
    }

    static let questions: [(String, DNSRecordType)] = [
        ("mail.example.test", .a), ("www.example.test", .a), ("example.test", .mx), ("x.wild.example.test", .mx),
        ("nothere.example.test", .a), ("big.example.test", .txt), ("example.test", .any),
    ]

    @Test("RFC 3225 §3: DO set, then unset, then set again: each answer copies its own query's DO")
    func dnssecOK() throws {
        for (name, type) in Self.questions {
            let set = Self.query(name, type, id: 1, dnssecOK: true)
            let unset = Self.query(name, type, id: 2, dnssecOK: false)
            try expectCacheChangesNothing([set, unset])
            try expectCacheChangesNothing([set, unset], over: .tcp)
            let responder = try Self.responder()
            var cache = DNSResponseCache()
            _ = responder.reply(to: set, from: client, over: .udp, cache: &cache)
            guard case .message(let bytes) = responder.reply(to: unset, from: client, over: .udp, cache: &cache) else {
                throw ProbeError.failed("no answer")
            }
            #expect(try DNSMessage(wire: bytes).edns?.dnssecOK == false, "\(name) \(type)")
        }
    }

    @Test("RFC 6891 §7: EDNS, then none: the answer without EDNS has no OPT and fits 512 octets")
    func ednsPresence() throws {
        for (name, type) in Self.questions {
            try expectCacheChangesNothing([Self.query(name, type, id: 1), Self.query(name, type, id: 2, payload: nil)])
            try expectCacheChangesNothing(
                [Self.query(name, type, id: 1), Self.query(name, type, id: 2, payload: nil)], over: .tcp)
        }
    }

    @Test("RFC 6891 §6.2.5: payload sizes either side of 512 and of ours give each its own fitting answer")
    func payloadSize() throws {
        for (name, type) in Self.questions {
            let sizes: [UInt16] = [512, 100, 513, 600, 1232, 4096]
            try expectCacheChangesNothing(sizes.map { Self.query(name, type, id: 1, payload: $0) })
        }
    }

    @Test("RFC 4343 §4.1: other spellings of the question are echoed, also in wildcard-synthesized owners")
    func letterCase() throws {
        for (name, type) in Self.questions {
            let spellings = [name, name.uppercased(), "\(name.prefix(3).uppercased())\(name.dropFirst(3))"]
            try expectCacheChangesNothing(spellings.map { Self.query($0, type, id: 3) })
        }
    }
}
