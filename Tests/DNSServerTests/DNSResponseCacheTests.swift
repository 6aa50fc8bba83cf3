import DNSProtocol
import Testing

@testable import DNSServer

@Suite("DNSResponseCache")
struct DNSResponseCacheTests {
    func query(_ name: String) -> [UInt8] {
        DNSMessage(id: 9, questions: [DNSQuestion(name: DNSName(name)!, type: .a)]).encoded()
    }

    func key(_ wire: [UInt8]) throws -> DNSQueryKey {
        try #require(DNSQueryKey(query: wire, transport: .udp, udpPayloadSize: 1232))
    }

    @Test("the cache holds at most its capacity, then starts over; a new generation empties it")
    func bounded() throws {
        var cache = DNSResponseCache(capacity: 2)
        let names = ["a.test", "b.test", "c.test"]
        _ = cache.response(to: query("a.test"), key: try key(query("a.test")), generation: 1)
        for name in names {
            cache.store(query(name), for: try key(query(name)), generation: 1)
        }
        #expect(cache.response(to: query("a.test"), key: try key(query("a.test")), generation: 1) == nil)
        #expect(cache.response(to: query("c.test"), key: try key(query("c.test")), generation: 1) != nil)
        #expect(cache.response(to: query("c.test"), key: try key(query("c.test")), generation: 2) == nil)
    }

    @Test("RFC 3225 §3: DO, EDNS presence and the size limit each make another key; the name's case does not")
    func keyParts() throws {
        func key(_ name: String, _ edns: EDNSRecord?) throws -> DNSQueryKey {
            let wire = DNSMessage(id: 9, questions: [DNSQuestion(name: DNSName(name)!, type: .a)], edns: edns).encoded()
            return try self.key(wire)
        }
        let variants: [EDNSRecord?] = [
            nil, EDNSRecord(udpPayloadSize: 512), EDNSRecord(udpPayloadSize: 512, dnssecOK: true),
            EDNSRecord(udpPayloadSize: 1232), EDNSRecord(udpPayloadSize: 1232, dnssecOK: true),
        ]
        let keys = try variants.map { try key("a.test", $0) }
        #expect(Set(keys).count == variants.count)
        #expect(try variants.map { try key("A.Test", $0) } == keys)
    }

    @Test("transfers, responses and queries with records are not keyed: they always go the slow way")
    func notCacheable() {
        let axfr = DNSMessage(id: 1, questions: [DNSQuestion(name: DNSName("a.test")!, type: .axfr)]).encoded()
        #expect(DNSQueryKey(query: axfr, transport: .tcp, udpPayloadSize: 1232) == nil)
        var response = query("a.test")
        response[2] |= 0x80
        #expect(DNSQueryKey(query: response, transport: .udp, udpPayloadSize: 1232) == nil)
    }
}
