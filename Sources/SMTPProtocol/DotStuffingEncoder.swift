import NIOCore

/// The client side of RFC 5321 §4.5.2 transparency: doubles a `.` that starts a line and appends the
/// `CRLF.CRLF` terminator, streaming (a message is never held whole).
///
/// Theory of operation: ``encode(_:)`` each chunk of the CRLF-normalised message, then ``finish()``
/// once for the terminator; "at line start" carries across chunk boundaries, and a body that does not
/// end in CRLF gets one before the final dot (§4.1.1.4).
public struct DotStuffingEncoder: Sendable {
    private var atLineStart = true
    private var lastWasCR = false

    public init() {}

    /// The stuffed form of the next chunk.
    public mutating func encode(_ chunk: ByteBuffer) -> ByteBuffer {
        var out = ByteBuffer()
        out.reserveCapacity(chunk.readableBytes + 8)
        for byte in chunk.readableBytesView {
            if atLineStart, byte == UInt8(ascii: ".") { out.writeInteger(UInt8(ascii: ".")) }
            out.writeInteger(byte)
            atLineStart = byte == 10 && lastWasCR
            lastWasCR = byte == 13
        }
        return out
    }

    /// The terminator: `.CRLF`, preceded by CRLF unless the body ended with one.
    public mutating func finish() -> ByteBuffer {
        var out = ByteBuffer()
        if !atLineStart { out.writeString("\r\n") }
        out.writeString(".\r\n")
        atLineStart = true
        lastWasCR = false
        return out
    }
}
