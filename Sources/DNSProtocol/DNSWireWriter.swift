/// An append-only buffer for a DNS message that compresses names (RFC 1035 §4.1.4).
///
/// Suffixes are remembered by `DNSName`, whose equality ignores ASCII case (RFC 4343), so an
/// answer's owner points at the question's spelling.
struct DNSWireWriter {
    private(set) var bytes: [UInt8] = []
    /// Where each name suffix already written starts; only offsets a 14-bit pointer can reach.
    private var suffixOffsets: [DNSName: Int] = [:]

    init() {
        bytes.reserveCapacity(512)
    }

    var count: Int { bytes.count }

    mutating func writeUInt8(_ value: UInt8) {
        bytes.append(value)
    }

    mutating func writeUInt16(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    mutating func writeUInt32(_ value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    /// The 48-bit Time Signed field of TSIG (RFC 8945 §4.2); higher bits are dropped.
    mutating func writeUInt48(_ value: UInt64) {
        for shift in stride(from: 40, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    mutating func writeBytes(_ data: some Sequence<UInt8>) {
        bytes.append(contentsOf: data)
    }

    mutating func patchUInt16(_ value: UInt16, at offset: Int) {
        bytes[offset] = UInt8(truncatingIfNeeded: value >> 8)
        bytes[offset + 1] = UInt8(truncatingIfNeeded: value)
    }

    /// Writes a name, pointing at the longest suffix already written when `compress` is set.
    /// Uncompressed names are still remembered: later names may point at them.
    mutating func writeName(_ name: DNSName, compress: Bool = true) {
        let labels = name.labels
        for index in labels.indices {
            let suffix = DNSName(uncheckedLabels: Array(labels[index...]))
            if compress, let target = suffixOffsets[suffix] {
                writeUInt16(0xc000 | UInt16(target))
                return
            }
            if bytes.count < 0x4000, suffixOffsets[suffix] == nil { suffixOffsets[suffix] = bytes.count }
            writeUInt8(UInt8(labels[index].count))
            writeBytes(labels[index])
        }
        writeUInt8(0)
    }

    /// Cuts the buffer back, forgetting suffixes that lay in the removed part.
    mutating func truncate(to count: Int) {
        guard count < bytes.count else { return }
        bytes.removeSubrange(count...)
        suffixOffsets = suffixOffsets.filter { $0.value < count }
    }
}
