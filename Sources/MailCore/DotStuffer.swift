#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// The byte-stuffing of a message body sent as a multi-line POP3 response (RFC 1939 §3) or as SMTP DATA
/// (RFC 5321 §4.5.2): a line that starts with `.` gets a second `.`, and the body ends with `CRLF.CRLF`.
/// Streaming: a message is never held whole. The one stuffer of both protocols, so that what POP3
/// serves and what SMTP relays are framed alike.
///
/// Theory of operation: ``stuff(_:into:)`` each chunk of the message as stored, then ``finish(into:)``
/// once. "At line start" carries across chunk boundaries. A bare LF (Maildir stores LF line ends) is sent
/// as CRLF, so the octets on the wire match the size LIST announced, which counts CRLF line ends
/// (RFC 1939 §5 note, Dovecot's virtual size). Over SMTP the same rule keeps a bare LF from ever going
/// out as a line end the next server might read differently (SMTP smuggling, RFC 5321 §2.3.8): every
/// line the peer sees ends in CRLF, and every line that starts with `.` is stuffed. A body that does
/// not end in a line end gets CRLF before the final `.`.
///
/// This is the hot loop of RETR: lines are found with `memchr` and copied whole, so a byte is looked at
/// only by the C library's vectorised scan.
public struct DotStuffer: Sendable {
    private var atLineStart = true
    private var lastWasCR = false

    public init() {}

    /// The stuffed form of the next chunk.
    public mutating func stuff(_ chunk: ByteBuffer) -> ByteBuffer {
        var out = ByteBuffer()
        stuff(chunk, into: &out)
        return out
    }

    /// Appends the stuffed form of the next chunk to `out`.
    public mutating func stuff(_ chunk: ByteBuffer, into out: inout ByteBuffer) {
        out.reserveCapacity(minimumWritableBytes: chunk.readableBytes + chunk.readableBytes / 32 + 8)
        var atLineStart = self.atLineStart
        var lastWasCR = self.lastWasCR
        chunk.withUnsafeReadableBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            var index = 0
            while index < bytes.count {
                if atLineStart, bytes[index] == UInt8(ascii: ".") {
                    out.writeInteger(UInt8(ascii: "."))
                }
                guard let found = memchr(base + index, Int32(UInt8(ascii: "\n")), bytes.count - index) else {
                    out.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[index...]))
                    atLineStart = false
                    lastWasCR = bytes[bytes.count - 1] == UInt8(ascii: "\r")
                    return
                }
                let lineFeed = UnsafeRawPointer(found) - base
                let endsWithCR = lineFeed > index ? bytes[lineFeed - 1] == UInt8(ascii: "\r") : lastWasCR
                out.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[index..<lineFeed]))
                out.writeStaticString(endsWithCR ? "\n" : "\r\n")
                index = lineFeed + 1
                atLineStart = true
                lastWasCR = false
            }
        }
        self.atLineStart = atLineStart
        self.lastWasCR = lastWasCR
    }

    /// The end of the response: CRLF when the body did not end with one, then `.CRLF`.
    public mutating func finish() -> ByteBuffer {
        var out = ByteBuffer()
        finish(into: &out)
        return out
    }

    /// Appends the end of the response to `out`.
    public mutating func finish(into out: inout ByteBuffer) {
        if lastWasCR {
            out.writeStaticString("\n")
        } else if !atLineStart {
            out.writeStaticString("\r\n")
        }
        out.writeStaticString(".\r\n")
        atLineStart = true
        lastWasCR = false
    }
}
