import Testing
@testable import MailStore

@Suite("reading stored messages back: CRLF line ends, mboxrd quoting undone (RFC 4155)")
struct StoredMessageDecoderTests {
    static let samples: [String] = [
        "a\nb\n", "a\r\nb\r\n", "no end", "lone\rcr\n", "From x\n", ">From x\n", ">>From x\n", ">Fro\n",
        ">\n", ">>", "x >From y\n", "\n\n>From\n>From ", "a\r", "",
    ]

    func decode(_ input: [UInt8], mboxrd: Bool, chunk: Int) -> [UInt8] {
        var decoder = StoredMessageDecoder(unquotesMboxrd: mboxrd)
        var output: [UInt8] = []
        var start = 0
        while start < input.count {
            let end = min(input.count, start + chunk)
            input[start..<end].withUnsafeBytes { decoder.decode($0, into: &output) }
            start = end
        }
        decoder.finish(into: &output)
        return output
    }

    @Test("mboxrd encode then decode gives the message with CRLF line ends, in any chunking", arguments: samples)
    func roundTrip(sample: String) {
        let message = Array(sample.utf8)
        var encoder = MboxrdEncoder()
        var encoded: [UInt8] = []
        message.withUnsafeBytes { encoder.encode($0, into: &encoded) }
        encoder.finish(into: &encoded)
        encoded.removeLast()  // the blank separator line is not part of the message
        // Unquoted again, with CRLF for every LF the encoder wrote; a final lone CR is ambiguous in mbox.
        let whole = decode(encoded, mboxrd: true, chunk: Int.max / 2)
        for chunk in [1, 2, 3] {
            #expect(decode(encoded, mboxrd: true, chunk: chunk) == whole)
        }
        let crlfMessage = decode(message, mboxrd: false, chunk: 1)
        let terminated = crlfMessage.isEmpty || crlfMessage.last == UInt8(ascii: "\n") || crlfMessage.last == UInt8(ascii: "\r")
            ? crlfMessage : crlfMessage + [13, 10]
        if message.last != UInt8(ascii: "\r") {
            #expect(whole == terminated)
        }
    }

    @Test("Maildir files are not unquoted, only given CRLF line ends")
    func maildir() {
        #expect(decode(Array(">From x\nFrom y\r\n".utf8), mboxrd: false, chunk: 1) == Array(">From x\r\nFrom y\r\n".utf8))
    }

    @Test("Maildir decoding (whole lines at a time) gives every bare LF a CR, in any chunking", arguments: samples)
    func maildirChunking(sample: String) {
        var expected: [UInt8] = []
        var previous: UInt8 = 0
        for byte in sample.utf8 {
            if byte == UInt8(ascii: "\n"), previous != UInt8(ascii: "\r") { expected.append(UInt8(ascii: "\r")) }
            expected.append(byte)
            previous = byte
        }
        for chunk in [1, 2, 3, 5, Int.max / 2] {
            #expect(decode(Array(sample.utf8), mboxrd: false, chunk: chunk) == expected)
        }
    }

    @Test("Maildir decoding of 2,000 random texts of a, CR and LF, in random chunks, equals the byte-at-a-time rule")
    func maildirRandomTexts() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...200, using: &generator)).map { _ in
                [UInt8(ascii: "a"), 13, 10].randomElement(using: &generator)!
            }
            var expected: [UInt8] = []
            var previous: UInt8 = 0
            for byte in text {
                if byte == 10, previous != 13 { expected.append(13) }
                expected.append(byte)
                previous = byte
            }
            #expect(decode(text, mboxrd: false, chunk: Int.random(in: 1...64, using: &generator)) == expected)
            #expect(count(text, chunk: Int.random(in: 1...64, using: &generator)) == Int64(expected.count))
        }
    }

    func count(_ input: [UInt8], chunk: Int) -> Int64 {
        var counter = VirtualSizeCounter()
        var start = 0
        while start < input.count {
            let end = min(input.count, start + chunk)
            input[start..<end].withUnsafeBytes { counter.add($0) }
            start = end
        }
        return counter.size
    }

    @Test("the decoded size equals the W= size the deliverer computes, in any chunking")
    func virtualSize() {
        for sample in Self.samples {
            for chunk in [1, 2, 3, Int.max / 2] {
                #expect(Int64(decode(Array(sample.utf8), mboxrd: false, chunk: 2).count) == count(Array(sample.utf8), chunk: chunk))
            }
        }
    }
}
