import Testing

@testable import DNSProtocol

@Suite("Query peek and FORMERR")
struct DNSQueryPeekTests {
    @Test("RFC 1035 §4.1.2: the peek reads the header and first question only")
    func peekFirstQuestion() throws {
        let wire = header(id: 9, qd: 2) + nameWire("Mail.example.test") + [0, 28, 0, 1] + [0xff]
        let peek = try DNSQueryPeek(wire: wire)
        #expect(peek.id == 9)
        #expect(peek.flags.recursionDesired)
        #expect(peek.question == DNSQuestion(name: name("mail.example.test"), type: .aaaa))
        #expect(try DNSQueryPeek(wire: header(qd: 0)).question == nil)
        #expect(throws: DNSWireError.self) { try DNSQueryPeek(wire: header(id: 5, qd: 1) + [0xc0, 12]) }
    }

    @Test("RFC 1035 §4.1.1: FORMERR echoes the ID and opcode of a malformed query, never answers a response")
    func formatErrorResponse() throws {
        let query = decodeError(header(id: 0xbeef, flags: 0x2900, qd: 1) + [3, 0x61])
        let answer = try #require(query?.formatErrorResponse())
        #expect(answer == [0xbe, 0xef, 0xa8, 0x01, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(decodeError(header(id: 1, flags: 0x8000, qd: 1))?.formatErrorResponse() == nil)
        #expect(decodeError([1, 2, 3])?.formatErrorResponse() == nil)
    }
}
