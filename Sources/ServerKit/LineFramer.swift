import NIOCore

/// Splits a byte stream into text lines, as SMTP (RFC 5321 §2.3.8), POP3 (RFC 1939 §3) and IMAP
/// (RFC 9051 §2.2) frame their commands, without ever holding more than one line's worth of bytes.
///
/// Theory of operation: bytes are appended with ``append(_:)``; ``next()`` returns the next complete
/// line (without its line ending), `nil` when more bytes are needed. A line ends at LF; a CR just before
/// it is dropped, so bare-LF clients are served as Postfix serves them. A line longer than
/// `maximumLineLength` is reported once as ``Frame/lineTooLong`` and its remaining bytes are discarded
/// up to the next LF, so a peer cannot make the server buffer without bound (RFC 5321 §4.5.3.1.6).
public struct LineFramer: Sendable {
    /// What the framer found in the stream.
    public enum Frame: Equatable, Sendable {
        /// One complete line, line ending removed.
        case line(ByteBuffer)
        /// A line exceeded the limit; its bytes up to the next LF were dropped.
        case lineTooLong
    }

    /// The longest line accepted, in bytes, not counting the line ending; a protocol may change it
    /// between lines (SMTP AUTH responses may be longer than commands, RFC 4954 §4).
    public var maximumLineLength: Int
    private var buffer = ByteBuffer()
    private var discardingOverlongLine = false
    /// The last line ``next()`` returned ended with a LF not preceded by CR (RFC 5321 §2.3.8), which
    /// SMTP's `smtpd_forbid_bare_newline = reject` refuses.
    public private(set) var lastLineEndedWithBareLF = false

    /// A framer that accepts lines up to `maximumLineLength` bytes.
    public init(maximumLineLength: Int) {
        precondition(maximumLineLength > 0, "a line limit must be positive")
        self.maximumLineLength = maximumLineLength
    }

    /// Adds bytes read from the peer.
    public mutating func append(_ bytes: ByteBuffer) {
        var bytes = bytes
        buffer.writeBuffer(&bytes)
    }

    /// Drops every byte not yet framed; used when the transport changes under the stream (STARTTLS,
    /// RFC 3207 §4.2, RFC 2595 §3.1), so that plaintext pipelined after the command is never obeyed.
    public mutating func discardBufferedBytes() {
        buffer.clear()
        discardingOverlongLine = false
    }

    /// Takes every byte not yet framed, for a protocol that reads raw octets next (SMTP DATA and BDAT,
    /// IMAP literals); `nil` when there are none.
    public mutating func takeBufferedBytes() -> ByteBuffer? {
        discardingOverlongLine = false
        guard buffer.readableBytes > 0 else { return nil }
        defer { buffer = ByteBuffer() }
        return buffer
    }

    /// Puts bytes back in front of those not yet framed: what a raw reader took but did not consume
    /// (the commands pipelined after DATA's final dot).
    public mutating func unread(_ bytes: ByteBuffer) {
        var joined = bytes
        joined.writeBuffer(&buffer)
        buffer = joined
    }

    /// The next line, ``Frame/lineTooLong``, or `nil` when the framer needs more bytes.
    public mutating func next() -> Frame? {
        while true {
            let view = buffer.readableBytesView
            guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
                return noteIncompleteLine()
            }
            let length = newline - view.startIndex
            if discardingOverlongLine {
                buffer.moveReaderIndex(forwardBy: length + 1)
                discardingOverlongLine = false
                continue
            }
            var line = buffer.readSlice(length: length)!
            buffer.moveReaderIndex(forwardBy: 1)
            lastLineEndedWithBareLF = line.readableBytesView.last != UInt8(ascii: "\r")
            if !lastLineEndedWithBareLF {
                line.moveWriterIndex(to: line.writerIndex - 1)
            }
            buffer.discardReadBytes()
            guard line.readableBytes <= maximumLineLength else { return .lineTooLong }
            return .line(line)
        }
    }

    /// No LF in the buffer: when the partial line is already over the limit (counting a CR that may
    /// end it), start discarding and say so once.
    private mutating func noteIncompleteLine() -> Frame? {
        guard buffer.readableBytes > maximumLineLength + 1 else { return nil }
        buffer.clear()
        if discardingOverlongLine { return nil }
        discardingOverlongLine = true
        return .lineTooLong
    }
}
