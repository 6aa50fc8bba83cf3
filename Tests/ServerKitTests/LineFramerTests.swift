import NIOCore
import Testing

@testable import ServerKit

@Suite("LineFramer")
struct LineFramerTests {
    private func frames(_ chunks: [String], limit: Int = 16) -> [LineFramer.Frame] {
        var framer = LineFramer(maximumLineLength: limit)
        var out: [LineFramer.Frame] = []
        for chunk in chunks {
            framer.append(ByteBuffer(string: chunk))
            while let frame = framer.next() { out.append(frame) }
        }
        return out
    }

    private func line(_ text: String) -> LineFramer.Frame { .line(ByteBuffer(string: text)) }

    @Test("CRLF and bare LF both end a line; the ending is removed")
    func lineEndings() {
        #expect(frames(["EHLO a\r\nNOOP\nQUIT\r\n"]) == [line("EHLO a"), line("NOOP"), line("QUIT")])
    }

    @Test("an incomplete line waits for more bytes")
    func incomplete() {
        #expect(frames(["EHLO"]) == [])
        #expect(frames(["EHLO", " a\r", "\n"]) == [line("EHLO a")])
    }

    @Test("every split of the input gives the same lines")
    func byteByByte() {
        let input = "MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\n\r\nDATA\n"
        let whole = frames([input], limit: 64)
        #expect(whole.count == 4)
        for split in input.indices {
            #expect(frames([String(input[..<split]), String(input[split...])], limit: 64) == whole)
        }
        #expect(frames(input.map { String($0) }, limit: 64) == whole)
    }

    @Test("a line at the limit passes, one byte more is reported once and skipped")
    func limit() {
        let ok = String(repeating: "a", count: 16)
        let long = String(repeating: "b", count: 17)
        #expect(frames([ok + "\r\n"]) == [line(ok)])
        #expect(frames([long + "\r\nNOOP\r\n"]) == [.lineTooLong, line("NOOP")])
    }

    @Test("a huge line arriving in pieces is reported once and never buffered whole")
    func hugeLineInPieces() {
        var framer = LineFramer(maximumLineLength: 16)
        var out: [LineFramer.Frame] = []
        for _ in 0..<1000 {
            framer.append(ByteBuffer(string: String(repeating: "x", count: 100)))
            while let frame = framer.next() { out.append(frame) }
        }
        framer.append(ByteBuffer(string: "tail\r\nQUIT\r\n"))
        while let frame = framer.next() { out.append(frame) }
        #expect(out == [.lineTooLong, line("QUIT")])
    }

    @Test("discarding buffered bytes drops pipelined input (RFC 3207 §4.2)")
    func discard() {
        var framer = LineFramer(maximumLineLength: 64)
        framer.append(ByteBuffer(string: "STARTTLS\r\nMAIL FROM:<evil@x>\r\nRCPT"))
        #expect(framer.next() == line("STARTTLS"))
        framer.discardBufferedBytes()
        #expect(framer.next() == nil)
        framer.append(ByteBuffer(string: "EHLO b\r\n"))
        #expect(framer.next() == line("EHLO b"))
    }

    @Test("buffered bytes can be taken raw and the unconsumed rest given back in order")
    func takeAndUnread() {
        var framer = LineFramer(maximumLineLength: 64)
        framer.append(ByteBuffer(string: "DATA\r\nbody.\r\nQUIT\r\n"))
        #expect(framer.next() == line("DATA"))
        var raw = framer.takeBufferedBytes()!
        #expect(framer.takeBufferedBytes() == nil)
        let body = raw.readSlice(length: 7)!
        #expect(String(buffer: body) == "body.\r\n")
        framer.append(ByteBuffer(string: "NOOP\r\n"))
        framer.unread(raw)
        #expect(framer.next() == line("QUIT"))
        #expect(framer.next() == line("NOOP"))
    }
}
