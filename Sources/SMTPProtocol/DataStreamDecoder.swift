import NIOCore

/// Turns the raw bytes of a message body into the CRLF-only body the store keeps, without I/O: the
/// stream after `354` (RFC 5321 §4.1.1.4, §4.5.2) or the octets of BDAT chunks (RFC 3030 §2).
///
/// Theory of operation: feed each read to ``decode(_:)`` in whatever pieces the network delivers. The
/// decoder walks the bytes with a small line scanner (`lineStart`, `dot` = "." first on a line, `dotCR`
/// = ".\r" first on a line, `middle`, `cr` = a CR not yet known to end a line), so a terminator, a
/// stuffed dot or a CRLF split across reads at any byte is still recognised. Each line start remembers
/// whether the line before it ended with a real CRLF.
///
/// - Only `CRLF . CRLF` ends DATA (RFC 5321 §4.1.1.4). `LF . LF`, `CRLF . LF`, `LF . CRLF` and
///   `CR . CR` never do: a server that accepted them would let a client smuggle a second message past a
///   relay that does not (the CVE-2023-51764 class, Postfix's `smtpd_forbid_bare_newline`). The data is
///   taken to start on a line of its own, after the DATA command's line end.
/// - A line starting with `.` loses that dot (transparency, §4.5.2); the body's last line keeps its
///   CRLF, the `.` line is dropped. A lone `.` line that does not terminate becomes an empty line.
/// - A bare LF or bare CR (§2.3.8 allows neither) is, by ``BareLineEndPolicy``, either turned into
///   CRLF (Postfix 3.9's `normalize`) or reported in ``Output/bareLineEnd`` (`reject`), after which the
///   decoder reads nothing more. So the store holds only CRLF, and nothing passed on later can be read
///   as a line end by another server but not by us. The one exception is a BDAT body declared
///   `BODY=BINARYMIME`, which is kept as sent (RFC 3030 §3); a relay must send such a body by BDAT
///   or refuse it, never by DATA.
/// - Bytes after the terminator are returned as ``End/leftover``: they are pipelined commands.
///
/// With ``Framing/chunked`` (BDAT) there are no dots and no terminator: the caller knows where the body
/// ends and calls ``finishChunks()`` to settle a CR left pending by the last chunk.
///
/// Once the body exceeds `maximumSize` the decoder stops yielding bytes (exactly the first `maximumSize`
/// are yielded, however the reads were cut) but keeps reading to the terminator, then reports
/// ``End/tooBig``, so that `552 5.3.4` is sent after the final dot (RFC 5321 §4.5.3.1.10, RFC 1870 §6.3).
public struct DataStreamDecoder: Sendable {
    /// How the body's end is found.
    public enum Framing: Sendable, Equatable {
        /// DATA: the stream ends at `CRLF . CRLF`, lines are dot-stuffed.
        case dotTerminated
        /// BDAT: the chunk sizes delimit the body; no dot-stuffing.
        case chunked
    }

    /// What to do with a line end that is not CRLF (Postfix `smtpd_forbid_bare_newline`).
    public enum BareLineEndPolicy: Sendable, Equatable {
        /// Treat it as CRLF (Postfix 3.9's default, `normalize`).
        case normalize
        /// Stop and report it, for `521 5.5.2` (Postfix's `reject`).
        case reject
    }

    /// A line end that was not CRLF.
    public enum BareLineEnd: Sendable, Equatable {
        case lineFeed
        case carriageReturn
    }

    /// What one call produced.
    public struct Output: Sendable, Equatable {
        /// Unstuffed, CRLF-normalised body bytes (possibly empty).
        public var body: ByteBuffer
        /// Set when this call found the terminator.
        public var end: End?
        /// Set when the policy is ``BareLineEndPolicy/reject`` and a bare line end arrived; nothing
        /// after it was read.
        public var bareLineEnd: BareLineEnd?
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

    private enum Scan: Sendable {
        case lineStart(afterCRLF: Bool)
        case dot(afterCRLF: Bool)
        case dotCR(afterCRLF: Bool)
        case middle
        case cr
        case finished
    }

    /// What one byte did to the scan.
    private enum Step {
        case consumed
        /// The scan changed state without using the byte; look at it again.
        case reconsider
        case ended
        case refused(BareLineEnd)
    }

    /// The largest body accepted, in octets; `nil` for no limit (Postfix `message_size_limit = 0`).
    public let maximumSize: Int?
    public let framing: Framing
    public let bareLineEnds: BareLineEndPolicy
    private var scan = Scan.lineStart(afterCRLF: true)
    /// Octets of body seen so far.
    public private(set) var size = 0

    /// A decoder for one DATA section or one BDAT transaction.
    public init(maximumSize: Int?, framing: Framing = .dotTerminated, bareLineEnds: BareLineEndPolicy = .normalize) {
        self.maximumSize = maximumSize
        self.framing = framing
        self.bareLineEnds = bareLineEnds
    }

    /// True once the body has exceeded ``maximumSize``.
    public var isTooBig: Bool { maximumSize.map { size > $0 } ?? false }

    /// Decodes the next bytes from the peer.
    public mutating func decode(_ input: ByteBuffer) -> Output {
        var body = ByteBuffer()
        if case .finished = scan {
            return Output(body: body, end: End(leftover: input, tooBig: isTooBig, size: size))
        }
        let view = input.readableBytesView
        var index = view.startIndex
        while index < view.endIndex {
            if case .middle = scan {
                // Fast path: copy the run up to the next CR or LF in one go.
                var runEnd = index
                while runEnd < view.endIndex, view[runEnd] != 13, view[runEnd] != 10 { runEnd += 1 }
                if runEnd > index {
                    emit(view[index..<runEnd], into: &body)
                    index = runEnd
                    continue
                }
            }
            switch step(view[index], into: &body) {
            case .consumed:
                index += 1
            case .reconsider:
                continue
            case .ended:
                scan = .finished
                let consumed = index + 1 - view.startIndex
                let leftover = input.getSlice(at: input.readerIndex + consumed, length: input.readableBytes - consumed)!
                return Output(body: body, end: End(leftover: leftover, tooBig: isTooBig, size: size))
            case .refused(let kind):
                scan = .finished
                return Output(body: body, end: nil, bareLineEnd: kind)
            }
        }
        return Output(body: body, end: nil)
    }

    /// BDAT's last chunk was read: a CR it ended with was a bare one. Returns the bytes still owed.
    public mutating func finishChunks() -> Output {
        var body = ByteBuffer()
        guard case .cr = scan else { return Output(body: body, end: nil) }
        if case .refused(let kind) = bareLineEnd(.carriageReturn, into: &body) {
            scan = .finished
            return Output(body: body, end: nil, bareLineEnd: kind)
        }
        return Output(body: body, end: nil)
    }

    private mutating func step(_ byte: UInt8, into body: inout ByteBuffer) -> Step {
        switch scan {
        case .lineStart(let afterCRLF):
            if byte == UInt8(ascii: "."), framing == .dotTerminated {
                scan = .dot(afterCRLF: afterCRLF)
                return .consumed
            }
            return inLine(byte, into: &body)
        case .middle:
            return inLine(byte, into: &body)
        case .dot(let afterCRLF):
            if byte == 13 {
                scan = .dotCR(afterCRLF: afterCRLF)
                return .consumed
            }
            scan = .middle  // the stuffed dot is dropped; the byte is the line's first
            return .reconsider
        case .dotCR(let afterCRLF):
            if byte == 10, afterCRLF { return .ended }
            scan = .cr  // a `.` line that does not terminate: an empty line once unstuffed
            return .reconsider
        case .cr:
            if byte == 10 {
                emit([13, 10], into: &body)
                scan = .lineStart(afterCRLF: true)
                return .consumed
            }
            if case .refused(let kind) = bareLineEnd(.carriageReturn, into: &body) { return .refused(kind) }
            return .reconsider
        case .finished:
            preconditionFailure("unreachable: finished is handled before the loop")
        }
    }

    /// A byte in the middle of a line, or the first byte of a line that is not a dot.
    private mutating func inLine(_ byte: UInt8, into body: inout ByteBuffer) -> Step {
        switch byte {
        case 13:
            scan = .cr
            return .consumed
        case 10:
            if case .refused(let kind) = bareLineEnd(.lineFeed, into: &body) { return .refused(kind) }
            return .consumed
        default:
            emit(CollectionOfOne(byte), into: &body)
            scan = .middle
            return .consumed
        }
    }

    /// A line end other than CRLF: CRLF in the body, or a refusal. The next line never terminates DATA.
    private mutating func bareLineEnd(_ kind: BareLineEnd, into body: inout ByteBuffer) -> Step {
        guard bareLineEnds == .normalize else { return .refused(kind) }
        emit([13, 10], into: &body)
        scan = .lineStart(afterCRLF: false)
        return .consumed
    }

    /// Yields the bytes up to ``maximumSize``, so the body is the same however the peer's reads were cut.
    private mutating func emit(_ bytes: some Collection<UInt8>, into body: inout ByteBuffer) {
        let room = maximumSize.map { max($0 - size, 0) } ?? bytes.count
        size += bytes.count
        body.writeBytes(bytes.prefix(room))
    }
}
