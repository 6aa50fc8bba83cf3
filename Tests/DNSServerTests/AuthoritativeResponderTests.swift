import DNSProtocol
import Foundation
import MailCore
import Testing

@testable import DNSServer

@Suite("AuthoritativeResponder")
struct AuthoritativeResponderTests {
    static let zoneText = """
        $TTL 1D
        @       IN SOA  ns1.example.test. hostmaster.example.test. ( 2024060101 1D 1H 1W 3H )
                IN  NS      ns1.example.test.
                IN  MX  10  mail.example.test.
        ns1     IN  A       127.0.0.1
        mail    IN  A       127.0.0.1
        big     IN  TXT     "\(String(repeating: "a", count: 250))" "\(String(repeating: "b", count: 250))"
        """
    static let key = TSIGKey(name: DNSName("master-slave")!, algorithm: .hmacSHA256, secret: Array("0123456789abcdef".utf8))
    static let now: UInt64 = 1_700_000_000

    static func zones(text zoneText: String = zoneText, serial: Int = 2024060101,
                      allowQuery: DNSAccessRule? = nil) throws -> ServedZones {
        let origin = DNSName("example.test")!
        let text = zoneText.replacingOccurrences(of: "2024060101", with: String(serial))
        let records = try ZoneFileParser(text: text, fileName: "example.test.zone", origin: origin).parse()
        let catalog = try ZoneCatalog(zones: [try Zone(origin: origin, records: records)])
        return ServedZones(catalog: catalog, keyring: TSIGKeyring(keys: [key]),
                           defaultQueryRule: allowQuery,
                           transferRules: [origin: DNSAccessRule { _, keyName in keyName == key.name }])
    }

    static func query(_ name: String, _ type: DNSRecordType, id: UInt16 = 7, edns: Bool = false) -> DNSMessage {
        var flags = DNSHeaderFlags()
        flags.recursionDesired = false
        return DNSMessage(id: id, flags: flags, questions: [DNSQuestion(name: DNSName(name)!, type: type)],
                          edns: edns ? EDNSRecord(udpPayloadSize: 1232) : nil)
    }

    let client = DNSClientAddress(IPAddress("192.0.2.9"))

    func ask(_ responder: AuthoritativeResponder, _ wire: [UInt8], over transport: DNSTransport = .udp,
             cache: inout DNSResponseCache) throws -> DNSMessage {
        guard case .message(let bytes) = responder.reply(to: wire, from: client, over: transport, cache: &cache) else {
            throw ProbeError.failed("no single message")
        }
        return try DNSMessage(wire: bytes)
    }

    @Test("RFC 1035 §4.1.1: a query that does not decode gets FORMERR with its ID; a response gets nothing")
    func malformed() throws {
        let responder = AuthoritativeResponder(store: ServedZonesStore(try Self.zones()))
        var cache = DNSResponseCache()
        let junk: [UInt8] = [0xab, 0xcd, 0x00, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 0x0c, 0, 1, 0, 1]
        guard case .message(let formerr) = responder.reply(to: junk, from: client, over: .udp, cache: &cache) else {
            Issue.record("no FORMERR")
            return
        }
        #expect(formerr[0] == 0xab && formerr[1] == 0xcd && formerr[3] & 0x0f == 1)
        var response = Self.query("example.test", .a).encoded()
        response[2] |= 0x80
        #expect(responder.reply(to: response, from: client, over: .udp, cache: &cache) == .none)
        #expect(responder.reply(to: [1, 2, 3], from: client, over: .udp, cache: &cache) == .none)
    }

    @Test("a repeated question is answered from the cache with its own ID and spelling, identical otherwise")
    func cachedAnswer() throws {
        let responder = AuthoritativeResponder(store: ServedZonesStore(try Self.zones()))
        var cache = DNSResponseCache()
        let first = try ask(responder, Self.query("MAIL.Example.TEST", .a, id: 1).encoded(), cache: &cache)
        var fresh = DNSResponseCache()
        let uncached = try ask(responder, Self.query("mail.example.test", .a, id: 2).encoded(), cache: &fresh)
        let cached = try ask(responder, Self.query("mail.example.test", .a, id: 2).encoded(), cache: &cache)
        #expect(cached == uncached)
        #expect(cached.questions[0].name.description == "mail.example.test.")
        #expect(first.questions[0].name.description == "MAIL.Example.TEST.")
        #expect(cached.answers.map(\.data) == [.a(IPAddress("127.0.0.1")!)])
    }

    @Test("a reload empties the cache: the next answer comes from the new zone")
    func reloadInvalidates() throws {
        let store = ServedZonesStore(try Self.zones())
        let responder = AuthoritativeResponder(store: store)
        var cache = DNSResponseCache()
        let soa = Self.query("example.test", .soa).encoded()
        _ = try ask(responder, soa, cache: &cache)
        store.replace(with: try Self.zones(serial: 2024060102))
        let after = try ask(responder, soa, cache: &cache)
        guard case .soa(let data) = after.answers.first?.data else { throw ProbeError.failed("no SOA") }
        #expect(data.serial == 2024060102)
    }

    @Test("RFC 1035 §4.2.1: over 512 octets without EDNS the answer is truncated (TC) over UDP, whole over TCP")
    func truncation() throws {
        let responder = AuthoritativeResponder(store: ServedZonesStore(try Self.zones()))
        var cache = DNSResponseCache()
        let wire = Self.query("big.example.test", .txt).encoded()
        let udp = try ask(responder, wire, cache: &cache)
        #expect(udp.flags.truncated && udp.answers.isEmpty)
        let tcp = try ask(responder, wire, over: .tcp, cache: &cache)
        #expect(!tcp.flags.truncated && tcp.answers.count == 1)
        let edns = try ask(responder, Self.query("big.example.test", .txt, edns: true).encoded(), cache: &cache)
        #expect(!edns.flags.truncated && edns.edns?.udpPayloadSize == 1232)
    }

    @Test("RFC 8482 §4.4: ANY over UDP gets one RRset, however many the name has; over TCP all of them")
    func minimalAny() throws {
        let responder = AuthoritativeResponder(store: ServedZonesStore(try Self.zones()))
        var cache = DNSResponseCache()
        let wire = Self.query("example.test", .any, edns: true).encoded()
        #expect(try ask(responder, wire, cache: &cache).answers.map(\.type) == [.soa])
        #expect(try ask(responder, wire, over: .tcp, cache: &cache).answers.map(\.type) == [.soa, .ns, .mx])
    }

    @Test("allow-query refuses a client outside it, and its refusal is never served to others from the cache")
    func allowQuery() throws {
        let allowed = IPAddress("192.0.2.9")!
        let rule = DNSAccessRule { address, _ in address == allowed }
        let responder = AuthoritativeResponder(store: ServedZonesStore(try Self.zones(allowQuery: rule)))
        var cache = DNSResponseCache()
        let wire = Self.query("mail.example.test", .a).encoded()
        let stranger = DNSClientAddress(IPAddress("198.51.100.1"))
        guard case .message(let refused) = responder.reply(to: wire, from: stranger, over: .udp, cache: &cache) else {
            throw ProbeError.failed("no answer")
        }
        #expect(try DNSMessage(wire: refused).responseCode == .refused)
        #expect(try ask(responder, wire, cache: &cache).responseCode == .noError)
    }

    @Test("RFC 5936 §4.2: AXFR over UDP is FORMERR; over TCP it needs the key; signed, it streams SOA ... SOA")
    func transfer() throws {
        let responder = AuthoritativeResponder(store: ServedZonesStore(try Self.zones()), clock: { Self.now })
        var cache = DNSResponseCache()
        let plain = Self.query("example.test", .axfr).encoded()
        #expect(try ask(responder, plain, cache: &cache).responseCode == .formatError)
        #expect(try ask(responder, plain, over: .tcp, cache: &cache).responseCode == .refused)
        let signed = Self.key.signRequest(Self.query("example.test", .axfr), now: Self.now)
        guard case .messages(let stream) = responder.reply(to: signed, from: client, over: .tcp, cache: &cache) else {
            throw ProbeError.failed("no transfer")
        }
        let messages = try stream.map { try DNSMessage(wire: $0) }
        let records = messages.flatMap(\.answers)
        #expect(records.first?.type == .soa && records.last?.type == .soa && records.count == 7)
        #expect(messages.allSatisfy { $0.tsig?.keyName == Self.key.name && $0.tsig?.mac.isEmpty == false })
    }

    @Test("RFC 8945 §5.2: a request signed with a wrong secret gets NOTAUTH with BADSIG, and no records")
    func badSignature() throws {
        let responder = AuthoritativeResponder(store: ServedZonesStore(try Self.zones()), clock: { Self.now })
        var cache = DNSResponseCache()
        let forged = TSIGKey(name: Self.key.name, algorithm: .hmacSHA256, secret: Array("not the secret!!".utf8))
        let response = try ask(responder, forged.signRequest(Self.query("example.test", .axfr), now: Self.now),
                               over: .tcp, cache: &cache)
        #expect(response.responseCode == .notAuthorized && response.tsig?.error == .badSignature)
        #expect(response.answers.isEmpty)
    }

    @Test("RFC 1995 §2: IXFR from a client already at our serial gets the SOA alone; an older one the zone")
    func incrementalTransfer() throws {
        let responder = AuthoritativeResponder(store: ServedZonesStore(try Self.zones()), clock: { Self.now })
        var cache = DNSResponseCache()
        func ixfr(from serial: UInt32) throws -> [DNSMessage] {
            var request = Self.query("example.test", .ixfr)
            request.authority = [ResourceRecord(name: DNSName("example.test")!, ttl: 0, data: .soa(StartOfAuthority(
                primaryServer: DNSName("ns1.example.test")!, responsibleMailbox: DNSName("hostmaster.example.test")!,
                serial: serial, refresh: 0, retry: 0, expire: 0, minimum: 0)))]
            switch responder.reply(to: Self.key.signRequest(request, now: Self.now), from: client, over: .tcp, cache: &cache) {
            case .message(let bytes): return [try DNSMessage(wire: bytes)]
            case .messages(let stream): return try stream.map { try DNSMessage(wire: $0) }
            case .none: return []
            }
        }
        let current = try ixfr(from: 2024060101)
        #expect(current.count == 1 && current[0].answers.map(\.type) == [.soa])
        let behind = try ixfr(from: 2024060100).flatMap(\.answers)
        #expect(behind.count == 7 && behind.first?.type == .soa && behind.last?.type == .soa)
    }
}
