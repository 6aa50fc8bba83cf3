/// The content transfer encodings of RFC 2045 §6.7 and §6.8 undone, tolerantly: real mail breaks both, and a
/// decoder for SEARCH or FETCH BINARY must give the best reading rather than fail.
public enum TransferDecoding {
    /// Quoted-printable (RFC 2045 §6.7): `=XX` becomes its octet (hex digits of either case), `=` at the end of
    /// a line (white space after it allowed) is a soft line break and joins the lines, white space at the end of
    /// a line is removed (rule 3), and an `=` that starts neither stays as it is. Hard line ends are kept as
    /// written (CRLF or LF).
    public static func quotedPrintable(_ content: some Collection<UInt8>) -> [UInt8] {
        if let decoded = content.withContiguousStorageIfAvailable(quotedPrintable(buffer:)) { return decoded }
        return Array(content).withUnsafeBufferPointer(quotedPrintable(buffer:))
    }

    /// ``quotedPrintable(_:)`` over contiguous octets; decoding never lengthens a line.
    private static func quotedPrintable(buffer bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        guard let base = bytes.baseAddress else { return [] }
        return [UInt8](unsafeUninitializedCapacity: bytes.count) { decoded, written in
            written = 0
            var lineStart = 0
            while lineStart < bytes.count {
                let (line, next) = ByteLines.line(in: bytes, from: lineStart)
                let hasLineFeed = next > line.upperBound
                let hadCarriageReturn = hasLineFeed && line.upperBound < next - 1
                var lineEnd = line.upperBound
                while lineEnd > lineStart, ASCII.isWhitespace(bytes[lineEnd - 1]) { lineEnd -= 1 }
                let softBreak = lineEnd > lineStart && bytes[lineEnd - 1] == ASCII.equals
                let contentEnd = softBreak ? lineEnd - 1 : lineEnd
                var index = lineStart
                while index < contentEnd {
                    // A plain loop: escapes are dense in quoted-printable CJK and Cyrillic, where memchr(3)
                    // per run cost more than it saved.
                    let byte = base[index]
                    if byte != ASCII.equals {
                        decoded[written] = byte
                        written += 1
                        index += 1
                        continue
                    }
                    if let octet = ASCII.escapedOctet(bytes, at: index, before: contentEnd) {
                        decoded[written] = octet
                        index += 3
                    } else {
                        decoded[written] = ASCII.equals
                        index += 1
                    }
                    written += 1
                }
                if !softBreak, hasLineFeed {
                    if hadCarriageReturn {
                        decoded[written] = ASCII.carriageReturn
                        written += 1
                    }
                    decoded[written] = ASCII.lineFeed
                    written += 1
                }
                lineStart = next
            }
        }
    }

    /// Base64 (RFC 2045 §6.8), ignoring every octet outside the alphabet (line ends, white space, garbage); `=`
    /// ends a quantum, so padding in the middle (concatenated encodings) restarts cleanly. A final quantum of
    /// two or three characters gives its one or two octets; a lone character gives nothing.
    public static func base64(_ content: some Collection<UInt8>) -> [UInt8] {
        base64Values.withUnsafeBufferPointer { values in
            // Four characters give three octets and fewer give fewer, so the output fits in 3/4 of the input.
            [UInt8](unsafeUninitializedCapacity: content.count / 4 * 3 + 3) { decoded, written in
                written = 0
                var quantum: UInt32 = 0
                var count = 0
                for byte in content {
                    let value = values[Int(byte)]
                    if value < 64 {
                        quantum = quantum << 6 | UInt32(value)
                        count += 1
                        guard count == 4 else { continue }
                        decoded[written] = UInt8(truncatingIfNeeded: quantum >> 16)
                        decoded[written + 1] = UInt8(truncatingIfNeeded: quantum >> 8)
                        decoded[written + 2] = UInt8(truncatingIfNeeded: quantum)
                        written += 3
                    } else if byte == ASCII.equals, count > 1 {
                        // A final quantum of two or three characters.
                        decoded[written] = UInt8(truncatingIfNeeded: quantum >> (count == 2 ? 4 : 10))
                        if count == 3 { decoded[written + 1] = UInt8(truncatingIfNeeded: quantum >> 2) }
                        written += count - 1
                    } else if byte != ASCII.equals {
                        continue
                    }
                    quantum = 0
                    count = 0
                }
                if count > 1 {
                    decoded[written] = UInt8(truncatingIfNeeded: quantum >> (count == 2 ? 4 : 10))
                    if count == 3 { decoded[written + 1] = UInt8(truncatingIfNeeded: quantum >> 2) }
                    written += count - 1
                }
            }
        }
    }

    /// Octet → its base64 value, 0xFF outside the alphabet.
    private static let base64Values: [UInt8] = {
        var values = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            values[Int(character)] = UInt8(value)
        }
        return values
    }()
}
