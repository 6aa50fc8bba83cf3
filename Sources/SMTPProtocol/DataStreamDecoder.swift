import NIOCore

/// Turns the raw bytes after `354` into message body bytes (RFC 5321 §4.1.1.4, §4.5.2), without I/O.
///
/// Theory of operation: feed each read to ``decode(_:)`` in whatever pieces the network delivers.
/// The decoder walks the bytes with a five-state line scanner (`lineStart`, `dot` = "." at line start,
/// `dotCR` = ".\r" at line start, `middle`, `cr` = a CR not yet known to end a line), so a terminator or a
/// stuffed dot split across reads at any byte is still recognised:
///
/// - a line starting with `.` loses that dot (transparency, §4.5.2);
/// - `CRLF . CRLF` ends the data, and so does `LF . LF` / `CRLF . LF` from bare-LF clients, as Postfix
///   accepts; the body's last line keeps its CRLF, the `.` line is dropped;
/// - a bare LF becomes CRLF, since the store keeps CRLF; a bare CR is passed on unchanged;
/// - bytes after the terminator are returned as ``End/leftover``: they are pipelined commands.
///
/// Once the body exceeds `maximumSize` the decoder stops yielding bytes but keeps reading to the
/// terminator, then reports ``End/tooBig``, so that `552 5.3.4` is sent after the final dot
/// (RFC 5321 §4.5.3.1.10, RFC 1870 §6.3).
public struct DataStreamDecoder: Sendable {
    /// What one call produced.
    public struct Output: Sendable, Equatable {
        /// Unstuffed, CRLF-normalised body bytes (possibly empty).
        public var body: ByteBuffer
        /// Set when this call found the terminator.
        public var end: End?
    }

    /// The end of the data.
    public struct End: Sendable, Equatable {
        /// Bytes that followed the terminator in the last read.
        public var leftover: ByteBuffer
        /// The body exceeded the limit; the bytes after the limit were dropped.
        public var tooBig: Bool
        /// The body size in octets (counted in full, even past the limit).
        public var size: Int
    }

    private enum Scan { case lineStart, dot, dotCR, middle, cr, finished }

    /// The largest body accepted, in octets; `nil` for no limit (Postfix `message_size_limit = 0`).
    public let maximumSize: Int?
    private var scan = Scan.lineStart
    /// Octets of body seen so far.
    public private(set) var size = 0

    /// A decoder for one DATA section.
    public init(maximumSize: Int?) {
        self.maximumSize = maximumSize
    }

    /// True once the body has exceeded ``maximumSize``.
    public var isTooBig: Bool { maximumSize.map { size > $0 } ?? false }

    /// Decodes the next bytes from the peer.
    public mutating func decode(_ input: ByteBuffer) -> Output {
        var body = ByteBuffer()
        let view = input.readableBytesView
        var index = view.startIndex
        if case .finished = scan {
            return Output(body: body, end: End(leftover: input, tooBig: isTooBig, size: size))
        }
        while index < view.endIndex {
            let byte = view[index]
            index += 1
            switch scan {
            case .middle:
                // Fast path: copy the run up to the next CR or LF in one go.
                var runEnd = index - 1
                while runEnd < view.endIndex, view[runEnd] != 13, view[runEnd] != 10 { runEnd += 1 }
                if runEnd > index - 1 {
                    emit(view[(index - 1)..<runEnd], into: &body)
                    index = runEnd
                    continue
                }
                middle(byte, into: &body)
            case .lineStart:
                switch byte {
                case UInt8(ascii: "."): scan = .dot
                default: middle(byte, into: &body)
                }
            case .dot:
                switch byte {
                case 13: scan = .dotCR
                case 10: return finish(input, at: index, body: body)
                default: middle(byte, into: &body)  // the stuffed dot is dropped
                }
            case .dotCR:
                switch byte {
                case 10: return finish(input, at: index, body: body)
                default:
                    scan = .cr
                    pendingCR(byte, into: &body)
                }
            case .cr:
                pendingCR(byte, into: &body)
            case .finished:
                preconditionFailure("unreachable: finished is handled before the loop")
            }
        }
        return Output(body: body, end: nil)
    }

    /// A byte in the middle of a line (or the first byte of a line that is not a dot).
    private mutating func middle(_ byte: UInt8, into body: inout ByteBuffer) {
        switch byte {
        case 13: scan = .cr
        case 10:
            emit([13, 10], into: &body)
            scan = .lineStart
        default:
            emit(CollectionOfOne(byte), into: &body)
            scan = .middle
        }
    }

    /// The byte after a CR that has not been emitted yet.
    private mutating func pendingCR(_ byte: UInt8, into body: inout ByteBuffer) {
        switch byte {
        case 10:
            emit([13, 10], into: &body)
            scan = .lineStart
        case 13:
            emit(CollectionOfOne(13), into: &body)
        default:
            emit(CollectionOfOne(13), into: &body)
            middle(byte, into: &body)
        }
    }

    private mutating func emit(_ bytes: some Collection<UInt8>, into body: inout ByteBuffer) {
        size += bytes.count
        if !isTooBig { body.writeBytes(bytes) }
    }

    private mutating func finish(_ input: ByteBuffer, at index: Int, body: ByteBuffer) -> Output {
        scan = .finished
        let consumed = index - input.readableBytesView.startIndex
        let leftover = input.getSlice(at: input.readerIndex + consumed, length: input.readableBytes - consumed)!
        return Output(body: body, end: End(leftover: leftover, tooBig: isTooBig, size: size))
    }
}
