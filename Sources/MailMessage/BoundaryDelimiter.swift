#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Recognises a boundary delimiter line (RFC 2046 §5.1.1) among the boundaries of the open multiparts, for the
/// parser and the 8-bit downgrade alike. Only the line's start must match (`--` and the boundary), so when
/// boundaries are prefixes of each other the longest wins, as in Dovecot; of equal ones, the innermost (the
/// last). `--` right after the boundary makes it a close delimiter; anything else after it is ignored.
enum BoundaryDelimiter {
    /// The index in `boundaries` (outermost first) of the boundary that the line whose content (without line
    /// end) is `content` in `bytes` delimits, and whether it is a close delimiter; nil for any other line.
    @inline(__always)
    static func match<Boundaries: RandomAccessCollection<[UInt8]>>(
        _ content: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>, boundaries: Boundaries
    ) -> (index: Int, isClose: Bool)? where Boundaries.Index == Int {
        guard content.count >= 2, bytes[content.lowerBound] == ASCII.hyphen, bytes[content.lowerBound + 1] == ASCII.hyphen,
            let base = bytes.baseAddress
        else { return nil }
        let rest = content.lowerBound + 2
        let available = content.upperBound - rest
        var best: (index: Int, count: Int)?
        for index in boundaries.indices.reversed() {
            let value = boundaries[index]
            guard value.count <= available, value.count > best?.count ?? 0 else { continue }
            let equal = value.withUnsafeBufferPointer { memcmp($0.baseAddress!, base + rest, value.count) }
            if equal == 0 { best = (index, value.count) }
        }
        guard let best else { return nil }
        let after = rest + best.count
        let isClose = after + 2 <= content.upperBound && bytes[after] == ASCII.hyphen && bytes[after + 1] == ASCII.hyphen
        return (best.index, isClose)
    }
}
