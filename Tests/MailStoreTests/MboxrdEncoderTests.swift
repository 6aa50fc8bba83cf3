import Glibc
import Testing
@testable import MailStore

@Suite("mboxrd encoding (RFC 4155, mboxrd quoting)")
struct MboxrdEncoderTests {
    static let cases: [(String, String)] = [
        ("", "\n"),
        ("a", "a\n\n"),
        ("a\r\nb\r\n", "a\nb\n\n"),
        ("a\nb\n", "a\nb\n\n"),
        ("From x\n", ">From x\n\n"),
        (">From x\r\n", ">>From x\n\n"),
        (">>From x\n", ">>>From x\n\n"),
        ("a\r\nFrom the start\r\nb\r\n", "a\n>From the start\nb\n\n"),
        ("From\n", "From\n\n"),
        ("Fro", "Fro\n\n"),
        (">>", ">>\n\n"),
        ("Frome x\n", "Frome x\n\n"),
        (" From x\n", " From x\n\n"),
        ("x From y\n", "x From y\n\n"),
        (">>x\n", ">>x\n\n"),
        ("a\rb\r\n", "a\rb\n\n"),
        ("a\r", "a\r\n\n"),
        ("\r\r\n", "\r\n\n"),
        ("From \rx\n", ">From \rx\n\n"),
        ("Fro\rm x\n", "Fro\rm x\n\n"),
        ("\nFrom x", "\n>From x\n\n"),
    ]

    func encode(_ input: [UInt8], chunkSize: Int) -> [UInt8] {
        var encoder = MboxrdEncoder()
        var output: [UInt8] = []
        var start = 0
        while start < input.count {
            let end = min(input.count, start + chunkSize)
            Array(input[start..<end]).withUnsafeBytes { encoder.encode($0, into: &output) }
            start = end
        }
        encoder.finish(into: &output)
        return output
    }

    @Test("whole input", arguments: cases)
    func whole(input: String, expected: String) {
        #expect(encode(bytes(input), chunkSize: 1 << 20) == bytes(expected))
    }

    @Test("byte by byte and in pairs gives the same output", arguments: cases)
    func fragmented(input: String, expected: String) {
        #expect(encode(bytes(input), chunkSize: 1) == bytes(expected))
        #expect(encode(bytes(input), chunkSize: 2) == bytes(expected))
        #expect(encode(bytes(input), chunkSize: 3) == bytes(expected))
    }

    @Test("a long run of > is counted, and quoted once")
    func longQuoteRun() {
        let input = [UInt8](repeating: UInt8(ascii: ">"), count: 100_000) + bytes("From x\n")
        #expect(encode(input, chunkSize: 4096) == [UInt8(ascii: ">")] + input + bytes("\n"))
    }

    @Test("asctime format: space-padded day, zero-padded time")
    func asctimeFormat() {
        var parts = tm()
        parts.tm_year = 126
        parts.tm_mon = 10
        parts.tm_mday = 6
        parts.tm_wday = 5
        parts.tm_hour = 0
        parts.tm_min = 30
        parts.tm_sec = 5
        #expect(MboxFromLine.asctime(parts) == "Fri Nov  6 00:30:05 2026")
        parts.tm_mday = 26
        parts.tm_wday = 4
        #expect(MboxFromLine.asctime(parts) == "Thu Nov 26 00:30:05 2026")
    }

    @Test("the From_ sender is one word; the null sender is MAILER-DAEMON")
    func fromLineSender() {
        #expect(MboxFromLine.separatorSafe("") == "MAILER-DAEMON")
        #expect(MboxFromLine.separatorSafe("\"a b\"@example.test") == "\"a_b\"@example.test")
        #expect(MboxFromLine.separatorSafe("a@example.test") == "a@example.test")
    }
}
