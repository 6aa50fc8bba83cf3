#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Line splitting over contiguous bytes. A line ends at LF: RFC 5322 §2.1 lines end in CRLF, but Maildir files
/// keep bare LF, and both must give the same structure. A CR before the LF belongs to the line end.
enum ByteLines {
    /// The line starting at `start`: its content without the line end, and where the next line starts (the end
    /// of the buffer for a last line without LF).
    @inline(__always)
    static func line(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (content: Range<Int>, next: Int) {
        guard let base = bytes.baseAddress, start < bytes.count else { return (start..<start, start) }
        guard let found = memchr(base + start, Int32(ASCII.lineFeed), bytes.count - start) else {
            return (start..<bytes.count, bytes.count)
        }
        let lineFeed = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
        let end = lineFeed > start && bytes[lineFeed - 1] == ASCII.carriageReturn ? lineFeed - 1 : lineFeed
        return (start..<end, lineFeed + 1)
    }

    /// The offset of the first LF in `bytes[range]`, if there is one.
    @inline(__always)
    static func firstLineFeed(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard let base = bytes.baseAddress, !range.isEmpty,
            let found = memchr(base + range.lowerBound, Int32(ASCII.lineFeed), range.count)
        else { return nil }
        return UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
    }

    /// Runs `body` over the bytes of `collection` laid out contiguously, copying only when they are not.
    static func withContiguous<Result>(
        _ collection: some RandomAccessCollection<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        if let result = collection.withContiguousStorageIfAvailable(body) { return result }
        return Array(collection).withUnsafeBufferPointer(body)
    }

    /// The bytes of `collection` at integer offsets `range` from its start.
    static func slice(_ collection: some RandomAccessCollection<UInt8>, _ range: Range<Int>) -> [UInt8] {
        let clamped = range.clamped(to: 0..<collection.count)
        let lower = collection.index(collection.startIndex, offsetBy: clamped.lowerBound)
        let upper = collection.index(lower, offsetBy: clamped.count)
        return Array(collection[lower..<upper])
    }
}
