import Glibc
import MailQueue
import NIOCore
import NIOPosix

/// Reads a queued message in chunks for sending: blocking reads on the thread pool, never the whole
/// message in memory (the queue file is `length` bytes from `offset`, CRLF line ends, not stuffed).
struct SpooledMessageSource: Sendable {
    static let chunkSize = 64 * 1024

    let message: SpooledMessage
    let threadPool: NIOThreadPool

    /// Whether the message holds an octet above 127: read through once more, for a server without
    /// 8BITMIME only, so that a 7-bit message goes to it byte for byte whatever its size.
    func containsEightBitOctet() async throws -> Bool {
        var found = false
        try await forEachChunk { chunk in
            if !found { found = chunk.readableBytesView.contains { $0 >= 0x80 } }
        }
        return found
    }

    /// Calls `body` with each chunk in order.
    func forEachChunk(_ body: (ByteBuffer) async throws -> Void) async throws {
        let path = message.path
        let descriptor = try await threadPool.runIfActive { () throws -> Int32 in
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw SpoolReadError(path: path, errorNumber: errno) }
            return descriptor
        }
        defer { close(descriptor) }
        var position = message.offset
        let end = message.offset + message.length
        while position < end {
            let count = Int(min(Int64(Self.chunkSize), end - position))
            let at = position
            let chunk = try await threadPool.runIfActive { () throws -> ByteBuffer in
                var buffer = ByteBuffer()
                _ = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { bytes in
                    let read = pread(descriptor, bytes.baseAddress, count, off_t(at))
                    guard read > 0 else { throw SpoolReadError(path: path, errorNumber: read < 0 ? errno : EIO) }
                    return read
                }
                return buffer
            }
            position += Int64(chunk.readableBytes)
            try await body(chunk)
        }
    }
}

/// The queue file could not be read while sending it.
struct SpoolReadError: Error, CustomStringConvertible {
    let path: String
    let errorNumber: Int32

    var description: String { "cannot read \(path): \(String(cString: strerror(errorNumber)))" }
}
