/// A zone serial in RFC 1982 serial number arithmetic (SERIAL_BITS = 32): it wraps, so "newer" means
/// ahead by less than half the number space.
public struct SerialNumber: Comparable, Hashable, Sendable {
    public let value: UInt32

    public init(_ value: UInt32) {
        self.value = value
    }

    /// RFC 1982 §3.2: s1 < s2 when s2 is ahead of s1 by less than 2^31. Serials exactly 2^31 apart are
    /// unordered; both directions answer false.
    public static func < (lhs: SerialNumber, rhs: SerialNumber) -> Bool {
        let half: UInt32 = 1 << 31
        return (lhs.value < rhs.value && rhs.value - lhs.value < half)
            || (lhs.value > rhs.value && lhs.value - rhs.value > half)
    }
}
