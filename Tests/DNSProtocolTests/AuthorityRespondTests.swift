import Testing

@testable import DNSProtocol

/// Message-level behaviour: header flags, question echo, error responses, EDNS.
@Suite("Authority responses")
struct AuthorityRespondTests {
    typealias F = Fixture

    private func query(
        _ questions: [DNSQuestion], rd: Bool = false, opcode: DNSOpcode = .query, edns: EDNSRecord? = nil
    ) -> DNSMessage {
        var flags = DNSHeaderFlags()
        flags.recursionDesired = rd
        flags.opcode = opcode
        return DNSMessage(id: 0xBEEF, flags: flags, questions: questions, edns: edns)
    }

    @Test("RFC 1035 §4.1.1: ID, QR, opcode, RD copied, AA, RA clear, question echoed as spelled")
    func header() throws {
        let question = F.question("WWW.Example.TEST.", .a)
        var request = query([question], rd: true)
        request.flags.checkingDisabled = true
        let response = try F.classicCatalog().respond(to: request)
        #expect(response.id == 0xBEEF)
        #expect(response.flags.isResponse)
        #expect(response.flags.opcode == .query)
        #expect(response.flags.recursionDesired)
        #expect(response.flags.checkingDisabled)
        #expect(response.flags.authoritativeAnswer)
        #expect(!response.flags.recursionAvailable)
        #expect(!response.flags.truncated)
        #expect(response.responseCode == .noError)
        #expect(response.questions == [question])
        #expect(response.questions.first?.name.labels.first == Array("WWW".utf8))
        #expect(response.answers == [F.wwwCNAME, F.apexA])
        #expect(response.authority.isEmpty)
        #expect(response.edns == nil)
    }

    @Test("REFUSED: no AA, question echoed, empty sections")
    func refused() throws {
        let response = try F.classicCatalog().respond(to: query([F.question("example.org.", .a)]))
        #expect(response.responseCode == .refused)
        #expect(!response.flags.authoritativeAnswer)
        #expect(response.questions.count == 1)
        #expect(response.answers.isEmpty && response.authority.isEmpty && response.additional.isEmpty)
    }

    @Test("RFC 1035 §4.1.2: zero or several questions are FORMERR")
    func questionCount() throws {
        let catalog = try F.classicCatalog()
        let two = catalog.respond(to: query([F.question("example.test.", .a), F.question("example.test.", .mx)]))
        #expect(two.responseCode == .formatError)
        #expect(two.questions.isEmpty)
        #expect(catalog.respond(to: query([])).responseCode == .formatError)
    }

    @Test("RFC 1035 §4.1.1: an opcode other than QUERY is NOTIMP")
    func opcode() throws {
        let response = try F.classicCatalog().respond(to: query([F.question("example.test.", .soa)], opcode: .notify))
        #expect(response.responseCode == .notImplemented)
        #expect(response.flags.opcode == .notify)
        #expect(!response.flags.authoritativeAnswer)
    }

    @Test("RFC 6891 §6.1.1: EDNS is answered with a 1232-octet buffer and DO copied")
    func edns() throws {
        let request = query([F.question("example.test.", .mx)], edns: EDNSRecord(udpPayloadSize: 4096, dnssecOK: true))
        let response = try F.classicCatalog().respond(to: request)
        #expect(response.edns == EDNSRecord(udpPayloadSize: 1232, dnssecOK: true))
        #expect(response.additional == [F.mailA, F.ns1A])
    }

    @Test("RFC 6891 §6.1.3: an unknown EDNS version is BADVERS")
    func badVersion() throws {
        let request = query([F.question("example.test.", .a)], edns: EDNSRecord(udpPayloadSize: 4096, version: 1))
        let response = try F.classicCatalog().respond(to: request)
        #expect(response.responseCode == .badVersion)
        #expect(response.edns?.version == 0)
        #expect(response.answers.isEmpty)
    }

    @Test("an EDNS buffer of 512 over UDP gets a minimal response; over TCP a full one")
    func smallBuffer() throws {
        let catalog = try F.classicCatalog()
        let request = query([F.question("example.test.", .mx)], edns: EDNSRecord(udpPayloadSize: 512))
        let udp = catalog.respond(to: request)
        #expect(udp.answers == [F.apexMX])
        #expect(udp.authority.isEmpty && udp.additional.isEmpty)
        let tcp = catalog.respond(to: request, overTCP: true)
        #expect(tcp.authority == [F.apexNS])
        #expect(tcp.additional == [F.mailA, F.ns1A])
    }

    @Test("RFC 8482 §4.1: ANY over UDP gets one RRset; over TCP, where it cannot amplify, every RRset")
    func anyByTransport() throws {
        let catalog = try F.classicCatalog()
        for edns in [nil, EDNSRecord(udpPayloadSize: 1232)] {
            let request = query([F.question("example.test.", .any)], edns: edns)
            #expect(catalog.respond(to: request).answers == [F.apexSOA])
            #expect(Set(catalog.respond(to: request, overTCP: true).answers)
                    == [F.apexSOA, F.apexNS, F.apexMX, F.apexA, F.apexTXT])
        }
    }

    @Test("a referral response has no AA")
    func referral() throws {
        let response = try F.fullCatalog().respond(to: query([F.question("www.sub.example.test.", .a)]))
        #expect(!response.flags.authoritativeAnswer)
        #expect(response.responseCode == .noError)
        #expect(response.authority.count == 2)
    }

    @Test("NXDOMAIN response: AA and the negative SOA")
    func nxdomain() throws {
        let response = try F.classicCatalog().respond(to: query([F.question("nope.example.test.", .a)], rd: true))
        #expect(response.responseCode == .nameError)
        #expect(response.flags.authoritativeAnswer)
        #expect(response.authority == [F.negativeSOA])
    }
}
