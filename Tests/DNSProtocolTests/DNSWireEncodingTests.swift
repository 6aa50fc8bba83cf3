import MailCore
import Testing

@testable import DNSProtocol

@Suite("DNS wire encoding")
struct DNSWireEncodingTests {
    private func response(question: String, answers: [ResourceRecord] = [], additional: [ResourceRecord] = [])
        -> DNSMessage
    {
        var flags = DNSHeaderFlags()
        flags.isResponse = true
        flags.authoritativeAnswer = true
        return DNSMessage(
            id: 0x4242, flags: flags, questions: [DNSQuestion(name: name(question), type: .mx)], answers: answers,
            additional: additional)
    }

    @Test("round trip of every typed RDATA (RFC 1035 §3.3, RFC 3596, RFC 2782, RFC 8659)")
    func typedRoundTrips() throws {
        for record in sampleRecords {
            let message = response(question: "example.test", answers: [record])
            let decoded = try DNSMessage(wire: message.encoded())
            #expect(decoded == message, "\(record.type)")
            #expect(decoded.answers.first?.data == record.data)
        }
        let all = response(question: "example.test", answers: sampleRecords, additional: sampleRecords)
        #expect(try DNSMessage(wire: all.encoded()) == all)
    }

    @Test("RFC 1035 §4.1.4 / RFC 4343: owners compress case-insensitively onto the question's spelling")
    func caseInsensitiveCompression() throws {
        let record = ResourceRecord(name: name("example.test"), ttl: 60, data: .mx(preference: 10, exchange: name("MAIL.example.test")))
        let wire = response(question: "Example.TEST", answers: [record]).encoded()
        let questionEnd = 12 + nameWire("example.test").count + 4
        #expect(Array(wire[questionEnd..<questionEnd + 2]) == [0xc0, 12])
        // MX exchange: preference, then MAIL and a pointer to the question name.
        let rdata = Array(wire[(questionEnd + 12)...])
        #expect(rdata == [0, 10, 4] + Array("MAIL".utf8) + [0xc0, 12])
        let decoded = try DNSMessage(wire: wire)
        #expect(decoded.answers[0].name.labels == [Array("Example".utf8), Array("TEST".utf8)])
    }

    @Test("RFC 2782 / RFC 3597 §4: SRV targets and unknown RDATA are never compressed")
    func srvNotCompressed() {
        let srv = ResourceRecord(
            name: name("_imaps._tcp.example.test"), ttl: 60,
            data: .srv(priority: 0, weight: 0, port: 993, target: name("mail.example.test")))
        let wire = response(question: "mail.example.test", answers: [srv]).encoded()
        #expect(Array(wire.suffix(nameWire("mail.example.test").count)) == nameWire("mail.example.test"))
    }

    /// Ten RRsets of four A records each, under distinct owners.
    private var manyRRsets: [ResourceRecord] {
        (0..<10).flatMap { set in
            (1...4).map { host in
                ResourceRecord(name: name("h\(set).example.test"), ttl: 60, data: .a(IPAddress(bytes: [192, 0, 2, UInt8(host)])!))
            }
        }
    }

    @Test("RFC 2181 §9 / RFC 1035 §4.2.1: answer overflow drops whole RRsets, sets TC, keeps OPT")
    func truncationSetsTC() throws {
        var message = response(question: "example.test", answers: manyRRsets)
        message.edns = EDNSRecord(udpPayloadSize: 1232, options: [EDNSOption(code: 10, data: Array(repeating: 7, count: 8))])
        let full = message.encoded()
        #expect(full.count > 512)
        let wire = message.encoded(maximumSize: 512)
        #expect(wire.count <= 512)
        let decoded = try DNSMessage(wire: wire)
        #expect(decoded.flags.truncated)
        #expect(decoded.edns == message.edns)
        #expect(!decoded.answers.isEmpty)
        #expect(decoded.answers.count % 4 == 0)
        #expect(decoded.answers == Array(message.answers.prefix(decoded.answers.count)))
    }

    @Test("RFC 2181 §9: dropping only additional records leaves TC clear")
    func additionalOnlyTruncation() throws {
        let answer = ResourceRecord(name: name("example.test"), ttl: 60, data: .mx(preference: 10, exchange: name("mail.example.test")))
        var message = response(question: "example.test", answers: [answer], additional: manyRRsets)
        message.edns = EDNSRecord(udpPayloadSize: 512)
        let wire = message.encoded(maximumSize: 300)
        #expect(wire.count <= 300)
        let decoded = try DNSMessage(wire: wire)
        #expect(!decoded.flags.truncated)
        #expect(decoded.answers == [answer])
        #expect(decoded.additional.count < message.additional.count)
        #expect(decoded.additional.count % 4 == 0)
        #expect(decoded.edns == message.edns)
    }

    @Test("RFC 6891 §6.1.3: an RCODE above 15 puts its upper bits in the OPT TTL")
    func extendedRCODE() throws {
        var message = response(question: "example.test")
        message.responseCode = .badVersion
        message.edns = EDNSRecord(udpPayloadSize: 1232, dnssecOK: true)
        let wire = message.encoded()
        #expect(wire[3] & 0x0f == 0)
        #expect(Array(wire.suffix(6).prefix(4)) == [1, 0, 0x80, 0])
        #expect(try DNSMessage(wire: wire).responseCode == .badVersion)
    }

    @Test("RFC 8945 §5.1: a TSIG record is written last, after OPT, with ARCOUNT counting both")
    func tsigWrittenLast() throws {
        var message = response(question: "example.test", additional: [sampleRecords[0]])
        message.edns = EDNSRecord(udpPayloadSize: 1232)
        message.tsig = TSIGRecord(
            keyName: name("key.test"), algorithm: TSIGAlgorithm.hmacSHA256.name, timeSigned: 1_700_000_000, fudge: 300,
            mac: [1, 2, 3], originalID: 0x4242)
        let wire = message.encoded()
        #expect(wire[10] == 0 && wire[11] == 3)
        let decoded = try DNSDecodedMessage(wire: wire)
        #expect(decoded.message == message)
        #expect(decoded.tsigOffset == wire.count - DNSWireWriter.tsigLength(try #require(message.tsig)))
    }

    @Test("records that cannot be represented are left out instead of corrupting the message")
    func invalidRecordsSkipped() throws {
        let bad = ResourceRecord(name: name("example.test"), ttl: 60, data: .a(IPAddress("2001:db8::1")!))
        let long = ResourceRecord(name: name("example.test"), ttl: 60, data: .txt([Array(repeating: 1, count: 256)]))
        let message = response(question: "example.test", answers: [bad, long, sampleRecords[0]])
        let decoded = try DNSMessage(wire: message.encoded())
        #expect(decoded.answers == [sampleRecords[0]])
    }
}
