import SMTPProtocol

/// The decoder's rules applied a line at a time to the whole payload, as the fuzzer's reference:
/// a line ends at CRLF, or at a bare CR or bare LF (CRLF in the body with `normalize`, the end of
/// decoding with `reject`); DATA lines lose a leading dot, and a `.` line ended by CRLF after a CRLF (or
/// first) ends DATA; an unfinished last line is yielded without a CR still pending (BDAT settles that
/// CR when the chunks end); past the limit only the first `maximumSize` octets are yielded.
struct Model {
    let decoded: Decoded

    init(_ payload: [UInt8], _ options: Options) {
        var body: [UInt8] = []
        var result = Decoded()
        var start = 0
        var afterCRLF = true
        let dots = options.framing == .dotTerminated
        scanning: while start < payload.count {
            let lineEnd = payload[start...].firstIndex { $0 == 13 || $0 == 10 } ?? payload.count
            var content = payload[start..<lineEnd]
            let dotLine = dots && content.first == UInt8(ascii: ".")
            if dotLine { content = content.dropFirst() }
            body += content
            let bare: DataStreamDecoder.BareLineEnd
            switch (payload[safe: lineEnd], payload[safe: lineEnd + 1]) {
            case (nil, _):
                break scanning
            case (13?, 10?):
                if dotLine, content.isEmpty, afterCRLF {
                    result.size = body.count
                    result.leftover = Array(payload[(lineEnd + 2)...])
                    break scanning
                }
                body += [13, 10]
                afterCRLF = true
                start = lineEnd + 2
                continue
            case (13?, nil) where dots:
                break scanning  // a CR still pending
            case (13?, _):
                bare = .carriageReturn
            default:
                bare = .lineFeed
            }
            guard options.policy == .normalize else {
                result.bareLineEnd = bare
                break scanning
            }
            body += [13, 10]
            afterCRLF = false
            start = lineEnd + 1
        }
        if let limit = options.maximumSize {
            if result.size != nil { result.tooBig = body.count > limit }
            body = Array(body.prefix(limit))
        } else if result.size != nil {
            result.tooBig = false
        }
        result.body = body
        decoded = result
    }
}

extension Array {
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
