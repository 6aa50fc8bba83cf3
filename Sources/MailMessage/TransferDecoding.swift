/// The content transfer encodings of RFC 2045 §6.7 and §6.8 undone, tolerantly: real mail breaks both, and a
/// decoder for SEARCH or FETCH BINARY must give the best reading rather than fail.
public enum TransferDecoding {
    /// Quoted-printable (RFC 2045 §6.7): `=XX` becomes its octet (hex digits of either case), `=` at the end of
    /// a line (white space after it allowed) is a soft line break and joins the lines, white space at the end of
    /// a line is removed (rule 3), and an `=` that starts neither stays as it is. Hard line ends are kept as
    /// written (CRLF or LF).
    public static func quotedPrintable(_ content: some Collection<UInt8>) -> [UInt8] {
        let bytes = Array(content)
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = bytes[lineStart...].firstIndex(of: ASCII.lineFeed) ?? bytes.count
            let next = lineEnd < bytes.count ? lineEnd + 1 : lineEnd
            let hasLineFeed = lineEnd < bytes.count
            let hadCarriageReturn = hasLineFeed && lineEnd > lineStart && bytes[lineEnd - 1] == ASCII.carriageReturn
            if hadCarriageReturn { lineEnd -= 1 }
            while lineEnd > lineStart, ASCII.isWhitespace(bytes[lineEnd - 1]) { lineEnd -= 1 }
            let softBreak = lineEnd > lineStart && bytes[lineEnd - 1] == ASCII.equals
            var index = lineStart
            let contentEnd = softBreak ? lineEnd - 1 : lineEnd
            while index < contentEnd {
                let byte = bytes[index]
                if byte == ASCII.equals, let octet = ASCII.escapedOctet(bytes, at: index, before: contentEnd) {
                    decoded.append(octet)
                    index += 3
                } else {
                    decoded.append(byte)
                    index += 1
                }
            }
            if !softBreak, hasLineFeed {
                if hadCarriageReturn { decoded.append(ASCII.carriageReturn) }
                decoded.append(ASCII.lineFeed)
            }
            lineStart = next
        }
        return decoded
    }

    /// Base64 (RFC 2045 §6.8), ignoring every octet outside the alphabet (line ends, white space, garbage); `=`
    /// ends a quantum, so padding in the middle (concatenated encodings) restarts cleanly. A final quantum of
    /// two or three characters gives its one or two octets; a lone character gives nothing.
    public static func base64(_ content: some Collection<UInt8>) -> [UInt8] {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(content.count / 4 * 3 + 3)
        var quantum: UInt32 = 0
        var count = 0
        func flush() {
            switch count {
            case 2: decoded.append(UInt8(truncatingIfNeeded: quantum >> 4))
            case 3: decoded += [UInt8(truncatingIfNeeded: quantum >> 10), UInt8(truncatingIfNeeded: quantum >> 2)]
            default: break
            }
            quantum = 0
            count = 0
        }
        for byte in content {
            if byte == ASCII.equals {
                flush()
                continue
            }
            let value = base64Values[Int(byte)]
            guard value != 0xFF else { continue }
            quantum = quantum << 6 | UInt32(value)
            count += 1
            if count == 4 {
                decoded += [
                    UInt8(truncatingIfNeeded: quantum >> 16), UInt8(truncatingIfNeeded: quantum >> 8),
                    UInt8(truncatingIfNeeded: quantum),
                ]
                quantum = 0
                count = 0
            }
        }
        flush()
        return decoded
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
