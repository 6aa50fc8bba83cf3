import Foundation
import MailCore
import NIOCore
import Testing

@testable import SMTPProtocol

/// Feeds `input` in the given pieces; returns body text, leftover text and the end.
private func decode(_ pieces: [[UInt8]], limit: Int? = nil) -> (body: String, end: DataStreamDecoder.End?) {
    var decoder = DataStreamDecoder(maximumSize: limit)
    var body = ""
    for (index, piece) in pieces.enumerated() {
        let output = decoder.decode(ByteBuffer(bytes: piece))
        body += String(buffer: output.body)
        if var end = output.end {
            // Later reads go to the command framer, after the leftover.
            for later in pieces[(index + 1)...] { end.leftover.writeBytes(later) }
            return (body, end)
        }
    }
    return (body, nil)
}

private func splits(_ text: String) -> [[[UInt8]]] {
    let bytes = Array(text.utf8)
    return (0...bytes.count).map { [Array(bytes[..<$0]), Array(bytes[$0...])] }
}

@Suite("DataStreamDecoder (RFC 5321 §4.1.1.4, §4.5.2)")
struct DataStreamDecoderTests {
    static let sample = "Subject: hi\r\n\r\n..dot line\r\nmiddle . dot\r\n.\r\n"
    static let sampleBody = "Subject: hi\r\n\r\n.dot line\r\nmiddle . dot\r\n"

    @Test("every two-piece split of a sample body")
    func everySplit() {
        for pieces in splits(Self.sample + "QUIT\r\n") {
            let (body, end) = decode(pieces)
            #expect(body == Self.sampleBody)
            #expect(end.map { String(buffer: $0.leftover) } == "QUIT\r\n")
            #expect(end?.size == Self.sampleBody.utf8.count)
        }
    }

    @Test("byte by byte")
    func byteByByte() {
        let (body, end) = decode(Array(Self.sample.utf8).map { [$0] })
        #expect(body == Self.sampleBody)
        #expect(end != nil)
    }

    @Test("dot unstuffing", arguments: [
        ("..\r\n.\r\n", ".\r\n"),
        ("...\r\n.\r\n", "..\r\n"),
        (".a\r\n.\r\n", "a\r\n"),
        ("a.\r\n.b\r\n.\r\n", "a.\r\nb\r\n"),
        (".\r\n", ""),
        ("x\r\n.\r\n", "x\r\n"),
    ])
    func unstuffing(_ input: String, _ expected: String) {
        let (body, end) = decode([Array(input.utf8)])
        #expect(body == expected)
        #expect(end != nil)
    }

    @Test("bare LF and bare CR become CRLF, as Postfix 3.9's smtpd_forbid_bare_newline = normalize", arguments: [
        ("a\nb\r\n.\r\n", "a\r\nb\r\n"),
        ("a\r\nb\n\r\n.\r\n", "a\r\nb\r\n\r\n"),
        ("a\rb\r\n.\r\n", "a\r\nb\r\n"),
        ("a\r\r\n.\r\n", "a\r\n\r\n"),
        ("\n..x\r\n.\r\n", "\r\n.x\r\n"),
        (".\rx\r\n.\r\n", "\r\nx\r\n"),
    ])
    func bareLineEndsNormalised(_ input: String, _ expected: String) {
        for pieces in splits(input) {
            let (body, end) = decode(pieces)
            #expect(body == expected)
            #expect(end?.leftover.readableBytes == 0)
        }
    }

    /// RFC 5321 §4.1.1.4: only CRLF.CRLF ends the data. Each of these would end it on a server that
    /// accepts bare line ends, and the bytes after it would run as commands (SMTP smuggling,
    /// CVE-2023-51764): here they stay in the body, and the real terminator ends it.
    @Test("SMTP smuggling: no dot line with a bare LF or CR ends DATA", arguments: [
        "\n.\n", "\r\n.\n", "\n.\r\n", "\r.\r", "\r.\r\n", "\r\n.\r", "\n.\r\r\n",
    ])
    func smuggling(_ fakeEnd: String) {
        let forged = "MAIL FROM:<ceo@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\nforged\r\n"
        let input = "Subject: one\r\n\r\nbody" + fakeEnd + forged + ".\r\nQUIT\r\n"
        for pieces in splits(input) {
            let (body, end) = decode(pieces)
            #expect(body.contains("MAIL FROM:<ceo@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n"))
            #expect(body.hasSuffix("forged\r\n"))
            #expect(end.map { String(buffer: $0.leftover) } == "QUIT\r\n")
            #expect(!body.utf8.enumerated().contains { index, byte in
                let bytes = Array(body.utf8)
                return (byte == 10 && (index == 0 || bytes[index - 1] != 13))
                    || (byte == 13 && (index + 1 == bytes.count || bytes[index + 1] != 10))
            }, "the body holds only CRLF line ends")
        }
    }

    @Test("reject policy: a bare line end stops the decoder and is reported", arguments: [
        ("a\nb", DataStreamDecoder.BareLineEnd.lineFeed),
        ("a\rb", .carriageReturn),
        ("\r\n.\n", .lineFeed),
        (".\rx", .carriageReturn),
    ])
    func rejectPolicy(_ input: String, _ kind: DataStreamDecoder.BareLineEnd) {
        var decoder = DataStreamDecoder(maximumSize: nil, bareLineEnds: .reject)
        let output = decoder.decode(ByteBuffer(string: input + "\r\n.\r\n"))
        #expect(output.bareLineEnd == kind)
        #expect(output.end == nil)
    }

    @Test("BDAT framing: dots are data, no terminator, line ends normalised across chunks")
    func chunked() {
        var decoder = DataStreamDecoder(maximumSize: nil, framing: .chunked)
        var body = ""
        for chunk in ["a\r", "\n.\r\n", "MAIL FROM:<x@y.test>\n", "b\r"] {
            let output = decoder.decode(ByteBuffer(string: chunk))
            #expect(output.end == nil)
            body += String(buffer: output.body)
        }
        body += String(buffer: decoder.finishChunks().body)
        #expect(body == "a\r\n.\r\nMAIL FROM:<x@y.test>\r\nb\r\n")
    }

    @Test("no terminator yet means more bytes are needed")
    func needMore() {
        let (body, end) = decode([Array("a\r\n.".utf8), Array("\r".utf8)])
        #expect(body == "a\r\n")
        #expect(end == nil)
    }

    @Test("over the size limit: bytes stop, the end is still found, tooBig reported")
    func sizeLimit() {
        let input = String(repeating: "0123456789\r\n", count: 10) + ".\r\nNOOP\r\n"
        for pieces in splits(input) {
            let (body, end) = decode(pieces, limit: 50)
            #expect(body.utf8.count <= 50)
            #expect(end?.tooBig == true)
            #expect(end?.size == 120)
            #expect(end.map { String(buffer: $0.leftover) } == "NOOP\r\n")
        }
        #expect(decode([Array(input.utf8)], limit: 120).end?.tooBig == false)
    }

    @Test("over the size limit: the bytes yielded do not depend on where the reads were cut (SMTPDataFuzzer)")
    func sizeLimitSplitInvariance() {
        let input = String(repeating: "a", count: 16) + "\r\n.\r\n"
        for pieces in splits(input) {
            let (body, end) = decode(pieces, limit: 8)
            #expect(body == "aaaaaaaa")
            #expect(end?.size == 18)
        }
    }

    @Test("pipelined leftover survives a terminator split at every byte")
    func leftover() {
        let input = "x\r\n.\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\n"
        for pieces in splits(input) {
            #expect(decode(pieces).end.map { String(buffer: $0.leftover) } == "MAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\n")
        }
    }

    @Test("the dot-stuffer round-trips through the decoder, bare LF included")
    func encoderRoundTrip() {
        let bodies = ["", "a\r\n", ".\r\n", "..x\r\n.y\r\n", "no final newline", "line\r\n.\r\nafter\r\n", "a\n.\nMAIL\n"]
        for text in bodies {
            var stuffer = DotStuffer()
            var wire = ByteBuffer()
            for byte in text.utf8 {  // byte by byte, so line-start state crosses chunks
                stuffer.stuff(ByteBuffer(bytes: [byte]), into: &wire)
            }
            stuffer.finish(into: &wire)
            let crlf = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
            let expected = crlf.isEmpty || crlf.hasSuffix("\r\n") ? crlf : crlf + "\r\n"
            let (body, end) = decode([Array(wire.readableBytesView)])
            #expect(body == expected)
            #expect(end?.leftover.readableBytes == 0)
        }
    }

    @Test("the stuffer doubles leading dots, also after a bare LF, which it sends as CRLF")
    func encoder() {
        var stuffer = DotStuffer()
        #expect(String(buffer: stuffer.stuff(ByteBuffer(string: ".a\r\n.\r\nb\n.\nc"))) == "..a\r\n..\r\nb\r\n..\r\nc")
        #expect(String(buffer: stuffer.finish()) == "\r\n.\r\n")
    }
}
