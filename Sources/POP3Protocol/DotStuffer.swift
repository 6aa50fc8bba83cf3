import NIOCore

/// The byte-stuffing of a message body sent as a multi-line POP3 response (RFC 1939 §3): a line that
/// starts with `.` gets a second `.`, and the response ends with `CRLF.CRLF`. Streaming: a message is
/// never held whole.
///
/// Theory of operation: ``stuff(_:)`` each chunk of the message as stored, then ``finish()`` once.
/// "At line start" carries across chunk boundaries. A bare LF (Maildir stores LF line ends) is sent as
/// CRLF, so the octets on the wire match the size LIST announced, which counts CRLF line ends
/// (RFC 1939 §5 note, Dovecot's virtual size). A body that does not end in a line end gets CRLF before
/// the final `.`.
public struct DotStuffer: Sendable {
    private var atLineStart = true
    private var lastWasCR = false

    public init() {}

    /// The stuffed form of the next chunk.
    public mutating func stuff(_ chunk: ByteBuffer) -> ByteBuffer {
        var out = ByteBuffer()
        out.reserveCapacity(chunk.readableBytes + chunk.readableBytes / 32 + 8)
        // Local copies of the state and whole runs copied at once: this is the hot loop of RETR.
        var atLineStart = self.atLineStart
        var lastWasCR = self.lastWasCR
        chunk.withUnsafeReadableBytes { bytes in
            var runStart = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                if atLineStart, byte == UInt8(ascii: ".") || (byte == UInt8(ascii: "\n") && !lastWasCR) {
                    out.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[runStart..<index]))
                    runStart = index
                    if byte == UInt8(ascii: ".") { out.writeInteger(UInt8(ascii: ".")) }
                }
                if byte == UInt8(ascii: "\n"), !lastWasCR {
                    out.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[runStart..<index]))
                    out.writeInteger(UInt8(ascii: "\r"))
                    runStart = index
                }
                atLineStart = byte == UInt8(ascii: "\n")
                lastWasCR = byte == UInt8(ascii: "\r")
            }
            out.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        self.atLineStart = atLineStart
        self.lastWasCR = lastWasCR
        return out
    }

    public mutating func finish() -> ByteBuffer {
        var out = ByteBuffer()
        if lastWasCR {
            out.writeString("\n")
        } else if !atLineStart {
            out.writeString("\r\n")
        }
        out.writeString(".\r\n")
        atLineStart = true
        lastWasCR = false
        return out
    }
}
