#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// Turns a message stored with LF line ends (Maildir as Postfix and Dovecot write it) into the CRLF form
/// IMAP serves (RFC 9051 §2.3.4: RFC822.SIZE and every body section are counted in CRLF octets), a piece
/// at a time: every LF not preceded by CR becomes CRLF; a lone CR and an existing CRLF stay as they are,
/// so a message stored with CRLF passes through unchanged.
///
/// A partial fetch (`BODY[]<offset.length>`) counts octets of the CRLF form; give the converter that
/// window and it puts out only those octets, still reading the stored form from the start.
///
/// Theory of operation: ``convert(_:into:)`` each stored piece in order (a piece may end between CR and
/// LF), stop once ``isComplete``; ``convertedSize(of:)`` and ``SizeCounter`` give the CRLF size in advance,
/// for the literal's `{n}`.
public struct LineEndConverter: Sendable {
    /// Octets of the CRLF form put out or skipped so far.
    public private(set) var position = 0
    private let window: Range<Int>
    private var lastWasCR = false

    /// A converter for the whole message, or for the octets `window` of its CRLF form.
    public init(window: Range<Int> = 0..<Int.max) {
        self.window = window
    }

    /// True once the window is complete; the rest of the message need not be read.
    public var isComplete: Bool { position >= window.upperBound }

    /// Appends the CRLF form of the next stored piece, within the window, to `out`.
    public mutating func convert(_ piece: ByteBuffer, into out: inout ByteBuffer) {
        piece.withUnsafeReadableBytes { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
            var index = 0
            while index < bytes.count, !isComplete {
                guard let found = memchr(base + index, Int32(UInt8(ascii: "\n")), bytes.count - index) else {
                    emit(UnsafeRawBufferPointer(rebasing: bytes[index...]), into: &out)
                    lastWasCR = bytes[bytes.count - 1] == UInt8(ascii: "\r")
                    return
                }
                let lineFeed = UnsafeRawPointer(found) - base
                let hasCR = lineFeed > index ? bytes[lineFeed - 1] == UInt8(ascii: "\r") : lastWasCR
                emit(UnsafeRawBufferPointer(rebasing: bytes[index..<lineFeed]), into: &out)
                Self.lineEnd(hasCR: hasCR).withUnsafeBytes { emit($0, into: &out) }
                index = lineFeed + 1
                lastWasCR = false
            }
        }
    }

    /// Puts out the part of `bytes` (the next octets of the CRLF form) that falls in the window.
    private mutating func emit(_ bytes: UnsafeRawBufferPointer, into out: inout ByteBuffer) {
        let start = position
        position += bytes.count
        let from = max(start, window.lowerBound)
        let to = min(position, window.upperBound)
        guard from < to else { return }
        out.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[(from - start)..<(to - start)]))
    }

    private static func lineEnd(hasCR: Bool) -> StaticString { hasCR ? "\n" : "\r\n" }

    /// The size of `stored` with CRLF line ends.
    public static func convertedSize(of stored: ByteBuffer) -> Int {
        var counter = SizeCounter()
        counter.add(stored)
        return counter.size
    }

    /// Counts the CRLF size of a message read in pieces (every LF not after a CR counts two).
    public struct SizeCounter: Sendable {
        public private(set) var size = 0
        private var lastWasCR = false

        public init() {}

        public mutating func add(_ piece: ByteBuffer) {
            var lastWasCR = self.lastWasCR
            var added = piece.readableBytes
            for byte in piece.readableBytesView {
                if byte == UInt8(ascii: "\n"), !lastWasCR { added += 1 }
                lastWasCR = byte == UInt8(ascii: "\r")
            }
            size += added
            self.lastWasCR = lastWasCR
        }
    }
}

private extension StaticString {
    func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        body(UnsafeRawBufferPointer(start: utf8Start, count: utf8CodeUnitCount))
    }
}
