import NIOCore
import Testing

@testable import POP3Protocol

@Suite("POP3Response encoding")
struct ResponseTests {
    @Test("RFC 1939 §3 single-line and RFC 2449 §8 response codes")
    func singleLine() {
        #expect(POP3Response.ok("2 320").wireFormat == "+OK 2 320\r\n")
        #expect(POP3Response.ok("").wireFormat == "+OK\r\n")
        #expect(POP3Response.error("no such message").wireFormat == "-ERR no such message\r\n")
        #expect(POP3Response.error(.inUse, "locked").wireFormat == "-ERR [IN-USE] locked\r\n")
        #expect(POP3Response.error(.systemTemporary, "later").wireFormat == "-ERR [SYS/TEMP] later\r\n")
        #expect(POP3Response.error(.systemPermanent, "no").wireFormat == "-ERR [SYS/PERM] no\r\n")
        #expect(POP3Response.error(.loginDelay, "wait").wireFormat == "-ERR [LOGIN-DELAY] wait\r\n")
        #expect(POP3Response.error(.authentication, "bad").wireFormat == "-ERR [AUTH] bad\r\n")
    }

    @Test("RFC 1939 §3 multi-line: terminated by a dot, data lines starting with a dot are stuffed")
    func multiLine() {
        let response = POP3Response.ok("list follows", lines: ["1 120", ".hidden", "..", ""])
        #expect(response.wireFormat == "+OK list follows\r\n1 120\r\n..hidden\r\n...\r\n\r\n.\r\n")
        #expect(POP3Response.ok("", lines: []).wireFormat == "+OK\r\n.\r\n")
    }

    @Test("RFC 5034 §4 continuation keeps its space when empty")
    func continuation() {
        #expect(POP3Response.continuation("").wireFormat == "+ \r\n")
        #expect(POP3Response.continuation("VXNlcm5hbWU6").wireFormat == "+ VXNlcm5hbWU6\r\n")
    }

    @Test("CR and LF in text cannot forge a response")
    func sanitised() {
        #expect(POP3Response.error("a\r\n+OK b\rc").wireFormat == "-ERR a +OK b c\r\n")
        var buffer = ByteBuffer()
        POP3Response.ok("x").write(to: &buffer)
        #expect(String(buffer: buffer) == "+OK x\r\n")
    }
}
