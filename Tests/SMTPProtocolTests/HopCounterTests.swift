import MailCore
import NIOCore
import Testing

@testable import SMTPProtocol

@Suite("Loop detection by Received: fields (RFC 5321 §6.3, Postfix hopcount_limit)")
struct HopCounterTests {
    static let header = "Received: from a by b; Mon, 1 Jan 2025 00:00:00 +0000\r\n"
        + "RECEIVED : from c\r\n\tby d\r\n"
        + "X-Received: not a trace field\r\nReceived-SPF: pass\r\nSubject: Received: in a value\r\n"
        + "received:from e\r\n\r\n"
        + "Received: in the body, not counted\r\n"

    @Test("only Received field names count, in any case, with white space before the colon; the body is not read")
    func counts() {
        var counter = HopCounter()
        counter.scan(ByteBuffer(string: Self.header))
        #expect(counter.count == 3)
        #expect(counter.isDone)
    }

    @Test("the same count whatever the chunks")
    func chunked() {
        let bytes = Array(Self.header.utf8)
        for size in [1, 2, 3, 7, 10, 64] {
            var counter = HopCounter()
            var start = 0
            while start < bytes.count {
                counter.scan(ByteBuffer(bytes: bytes[start..<min(start + size, bytes.count)]))
                start += size
            }
            #expect(counter.count == 3, "chunks of \(size)")
        }
    }

    @Test("a long header line is not taken for the blank line that ends the section")
    func longLine() {
        var counter = HopCounter()
        counter.scan(ByteBuffer(string: "Subject: " + String(repeating: "x", count: 5000) + "\r\nReceived: x\r\n\r\n"))
        #expect(counter.count == 1 && counter.isDone)
    }

    @Test("hopcount_limit Received fields with this server's own: 554 5.4.6 at the end of DATA and of BDAT, nothing committed")
    func refused() {
        let configuration = SMTPServerConfiguration(hostname: "mx.example.test", hopCountLimit: 3)
        let looping = String(repeating: "Received: from loop\r\n", count: 2) + "Subject: x\r\n\r\nbody\r\n"
        var data = TestDriver(configuration)
        data.send("EHLO client.example")
        data.send("MAIL FROM:<a@example.org>")
        data.send("RCPT TO:<b@example.test>")
        data.send("DATA")
        #expect(data.sendData(looping + ".\r\n").codes == ["554 5.4.6"])
        #expect(!data.events.contains("commit"))
        var chunk = TestDriver(configuration)
        chunk.send("EHLO client.example")
        chunk.send("MAIL FROM:<a@example.org>")
        chunk.send("RCPT TO:<b@example.test>")
        chunk.send("BDAT \(looping.utf8.count) LAST")
        #expect(chunk.sendChunk(looping).codes == ["554 5.4.6"])
        var fine = TestDriver(configuration)
        fine.send("EHLO client.example")
        fine.send("MAIL FROM:<a@example.org>")
        fine.send("RCPT TO:<b@example.test>")
        fine.send("DATA")
        #expect(fine.sendData("Received: from hop\r\n\r\nbody\r\n.\r\n").codes == ["250 2.0.0"])
    }

    @Test("in LMTP the refusal is one reply per recipient, as the client waits for after the body (RFC 2033 §4.2)")
    func refusedOverLMTP() {
        let configuration = SMTPServerConfiguration(hostname: "mx.example.test", mode: .lmtp, hopCountLimit: 3)
        let looping = String(repeating: "Received: from loop\r\n", count: 2) + "Subject: x\r\n\r\nbody\r\n"
        var data = TestDriver(configuration)
        data.send("LHLO client.example")
        data.send("MAIL FROM:<a@example.org>")
        data.send("RCPT TO:<b@example.test>")
        data.send("RCPT TO:<c@example.test>")
        data.send("DATA")
        #expect(data.sendData(looping + ".\r\n").codes == ["554 5.4.6", "554 5.4.6"])
        #expect(!data.events.contains("commit"))
    }
}
