import NIOCore
import Testing

@testable import IMAPProtocol

/// FETCH responses with streamed body sections (RFC 9051 §7.5.2) and the LF → CRLF conversion of
/// messages stored with LF line ends (RFC 9051 §2.3.4: sizes and sections count CRLF octets).
@Suite("IMAP FETCH streaming and line ends")
struct FetchStreamingTests {
    static let header = "Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\nFrom: Terry Gray <gray@cac.washington.example>\n"
        + "Subject: IMAP4rev2 WG mtg summary and minutes\n\n"

    @Test("RFC 9051 §8: `* 12 FETCH (BODY[HEADER] {n}` CRLF, the octets, `)`, streamed from an LF store")
    func streamedHeader() {
        let stored = ByteBuffer(string: Self.header)
        let size = LineEndConverter.convertedSize(of: stored)
        var out = ByteBuffer()
        var writer = FetchResponseWriter(sequenceNumber: 12, options: ResponseEncodingOptions(), into: &out)
        writer.beginSection(.body(SectionSpecifier(kind: .header)!, origin: nil), size: size, into: &out)
        var converter = LineEndConverter()
        var piece = stored
        while let chunk = piece.readSlice(length: min(7, piece.readableBytes)), chunk.readableBytes > 0 {
            var converted = ByteBuffer()
            converter.convert(chunk, into: &converted)
            writer.writeSectionBytes(converted, into: &out)
        }
        #expect(writer.remainingSectionBytes == 0)
        writer.write(.uid(4827313), into: &out)
        writer.finish(into: &out)
        let crlf = String(decoding: Self.header.utf8.flatMap { $0 == 10 ? [13, 10] : [$0] }, as: UTF8.self)
        #expect(String(buffer: out) == "* 12 FETCH (BODY[HEADER] {\(crlf.utf8.count)}\r\n\(crlf) UID 4827313)\r\n")
    }

    @Test("Items around streamed sections are separated by single spaces; the driver may send octets itself")
    func mixedItems() {
        var out = ByteBuffer()
        var writer = FetchResponseWriter(sequenceNumber: 3, options: ResponseEncodingOptions(), into: &out)
        writer.write(.uid(9), into: &out)
        writer.beginSection(.binary(part: [2], origin: 0), size: 3, binary: true, into: &out)
        out.writeBytes([0, 1, 2])
        writer.sectionBytesSent(3)
        writer.beginSection(.rfc822Text, size: 0, into: &out)
        writer.write(.flags([.seen]), into: &out)
        writer.finish(into: &out)
        #expect(String(buffer: out) == "* 3 FETCH (UID 9 BINARY[2]<0> ~{3}\r\n\u{0}\u{1}\u{2} RFC822.TEXT {0}\r\n FLAGS (\\Seen))\r\n")
    }

    @Test("LF becomes CRLF; CRLF and a lone CR stay; pieces may split CR from LF anywhere", arguments: [
        ("a\nb\n", "a\r\nb\r\n"), ("a\r\nb\r\n", "a\r\nb\r\n"), ("a\rb\n\n", "a\rb\r\n\r\n"), ("", ""), ("\n", "\r\n"),
        ("no end", "no end"), ("x\r", "x\r"), ("\r\n\n\r\r\n", "\r\n\r\n\r\r\n"),
    ])
    func conversion(stored: String, expected: String) {
        for size in 1...max(1, stored.utf8.count) {
            var converter = LineEndConverter()
            var out = ByteBuffer()
            var input = ByteBuffer(string: stored)
            while input.readableBytes > 0, let piece = input.readSlice(length: min(size, input.readableBytes)) {
                converter.convert(piece, into: &out)
            }
            #expect(String(buffer: out) == expected, "pieces of \(size)")
        }
        #expect(LineEndConverter.convertedSize(of: ByteBuffer(string: stored)) == expected.utf8.count)
        var counter = LineEndConverter.SizeCounter()
        for byte in stored.utf8 { counter.add(ByteBuffer(bytes: [byte])) }
        #expect(counter.size == expected.utf8.count)
    }

    @Test("A partial fetch window counts CRLF octets (`BODY[]<offset.length>`)")
    func window() {
        let stored = "ab\ncd\nef\n"
        let full = Array("ab\r\ncd\r\nef\r\n".utf8)
        for start in 0...full.count {
            for end in start...full.count {
                var converter = LineEndConverter(window: start..<end)
                var out = ByteBuffer()
                for byte in stored.utf8 where !converter.isComplete {
                    converter.convert(ByteBuffer(bytes: [byte]), into: &out)
                }
                #expect(Array(out.readableBytesView) == Array(full[start..<end]), "\(start)..<\(end)")
            }
        }
    }
}
