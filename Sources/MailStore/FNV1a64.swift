/// The 64-bit FNV-1a hash (Fowler, Noll, Vo; https://datatracker.ietf.org/doc/draft-eastlake-fnv/):
/// for each byte, `hash = (hash XOR byte) * 0x100000001b3`, starting from `0xcbf29ce484222325`.
///
/// Used only to recognise an mbox entry again after another program rewrote the file, never against an
/// adversary: two entries with the same digest are still told apart by their order (see
/// ``MboxMessageKey``), so a collision can at worst swap the identities of two messages.
struct FNV1a64 {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        for byte in bytes {
            value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
    }

    /// The value as 16 lower-case hex digits.
    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
