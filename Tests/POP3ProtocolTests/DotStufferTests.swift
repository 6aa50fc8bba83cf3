import MailCore
import NIOCore
import Testing

@testable import POP3Protocol

/// Feeds `text` split at every pair of positions (three chunks) and returns each result.
private func everySplit(_ text: String, _ transform: ([ByteBuffer]) -> String) -> Set<String> {
    let bytes = Array(text.utf8)
    var results = Set<String>()
    for i in 0...bytes.count {
        for j in i...bytes.count {
            results.insert(transform([ByteBuffer(bytes: bytes[..<i]), ByteBuffer(bytes: bytes[i..<j]),
                                      ByteBuffer(bytes: bytes[j...])]))
        }
    }
    return results
}

private func stuffed(_ chunks: [ByteBuffer]) -> String {
    var stuffer = DotStuffer()
    var out = ""
    for chunk in chunks { out += String(buffer: stuffer.stuff(chunk)) }
    return out + String(buffer: stuffer.finish())
}

private func top(_ lines: Int) -> ([ByteBuffer]) -> String {
    { chunks in
        var filter = TopFilter(bodyLines: lines)
        var out = ""
        for chunk in chunks { out += String(buffer: filter.filter(chunk)) }
        return out
    }
}

@Suite("DotStuffer and TopFilter")
struct DotStufferTests {
    @Test("RFC 1939 §3 RETR dot-stuffing is the same across every chunk split")
    func stuffingAcrossSplits() {
        let message = "Subject: x\r\n\r\n.leading\r\n..two\r\nmid.dot\r\n.\r\n."
        let expected = "Subject: x\r\n\r\n..leading\r\n...two\r\nmid.dot\r\n..\r\n..\r\n.\r\n"
        #expect(everySplit(message, stuffed) == [expected])
    }

    @Test("Bare LF is sent as CRLF, matching the size LIST announced, across every split")
    func bareLineFeeds() {
        let message = "A: b\n\n.x\ny\r\nz\n"
        let expected = "A: b\r\n\r\n..x\r\ny\r\nz\r\n.\r\n"
        #expect(everySplit(message, stuffed) == [expected])
        // On the wire: the announced size, one stuffed dot and the `.CRLF` terminator.
        #expect(TestDriver.crlfSize(message) + 1 + 3 == expected.utf8.count)
    }

    @Test("finish: CRLF only when the message does not end with one; empty message")
    func terminator() {
        #expect(stuffed([ByteBuffer(string: "x\r\n")]) == "x\r\n.\r\n")
        #expect(stuffed([ByteBuffer(string: "x")]) == "x\r\n.\r\n")
        #expect(stuffed([ByteBuffer(string: "x\r")]) == "x\r\n.\r\n")
        #expect(stuffed([]) == ".\r\n")
    }

    @Test("stuff(into:) and finish(into:) append to a buffer that already holds the status line")
    func appendsToResponse() {
        var out = ByteBuffer(string: "+OK message follows\r\n")
        var stuffer = DotStuffer()
        stuffer.stuff(ByteBuffer(string: ".a\nb\r"), into: &out)
        stuffer.stuff(ByteBuffer(string: "\n\n."), into: &out)
        stuffer.finish(into: &out)
        #expect(String(buffer: out) == "+OK message follows\r\n..a\r\nb\r\n\r\n..\r\n.\r\n")
    }

    @Test("Long CRLF messages pass through line by line, unchanged but for stuffed dots")
    func longMessage() {
        let lines = (0..<2000).map { $0 % 7 == 0 ? ".line \($0)" : "line \($0) " + String(repeating: "x", count: $0 % 90) }
        let message = lines.joined(separator: "\r\n") + "\r\n"
        let expected = lines.map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n") + "\r\n.\r\n"
        #expect(stuffed([ByteBuffer(string: message)]) == expected)
        let half = message.utf8.count / 2
        let bytes = Array(message.utf8)
        #expect(stuffed([ByteBuffer(bytes: bytes[..<half]), ByteBuffer(bytes: bytes[half...])]) == expected)
    }

    @Test("RFC 1939 §7 TOP with 0 lines: headers and the blank line, across every split")
    func topZero() {
        let message = "A: 1\r\nB: 2\r\n\r\nbody 1\r\nbody 2\r\n"
        #expect(everySplit(message, top(0)) == ["A: 1\r\nB: 2\r\n\r\n"])
    }

    @Test("RFC 1939 §7 TOP with n lines, across every split")
    func topLines() {
        let message = "A: 1\n\nbody 1\n\nbody 3\nbody 4\n"
        #expect(everySplit(message, top(1)) == ["A: 1\n\nbody 1\n"])
        #expect(everySplit(message, top(3)) == ["A: 1\n\nbody 1\n\nbody 3\n"])
        #expect(everySplit(message, top(100)) == [message])
    }

    @Test("TOP of a message without a body sends it whole; completion is reported")
    func topHeadersOnly() {
        var filter = TopFilter(bodyLines: 0)
        #expect(String(buffer: filter.filter(ByteBuffer(string: "A: 1\r\nB: 2"))) == "A: 1\r\nB: 2")
        #expect(!filter.isComplete)
        #expect(String(buffer: filter.filter(ByteBuffer(string: "\r\n\r\nrest"))) == "\r\n\r\n")
        #expect(filter.isComplete)
        #expect(filter.filter(ByteBuffer(string: "more")).readableBytes == 0)
    }
}
