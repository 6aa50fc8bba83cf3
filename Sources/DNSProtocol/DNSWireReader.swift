/// A bounds-checked cursor over a DNS message (RFC 1035 §4.1) that decodes names with strictly
/// backward compression pointers (RFC 1035 §4.1.4), so no input can loop or read out of range.
struct DNSWireReader {
    /// The whole message: compression pointers are offsets from its first octet.
    let bytes: [UInt8]
    /// The next octet to read.
    private(set) var offset: Int

    /// More hops than a 255-octet name has labels can only come from a hostile message.
    static let maximumPointerHops = 127

    init(bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    /// Octets left after the cursor.
    var remaining: Int { bytes.count - offset }

    func error(_ code: DNSWireError.Code, at position: Int? = nil) -> DNSWireError {
        DNSWireError(code: code, offset: position ?? offset)
    }

    private mutating func take(_ count: Int) throws(DNSWireError) -> Int {
        guard count >= 0, count <= remaining else { throw error(.truncatedMessage) }
        let start = offset
        offset += count
        return start
    }

    mutating func readUInt8() throws(DNSWireError) -> UInt8 {
        bytes[try take(1)]
    }

    mutating func readUInt16() throws(DNSWireError) -> UInt16 {
        let at = try take(2)
        return UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1])
    }

    mutating func readUInt32() throws(DNSWireError) -> UInt32 {
        let at = try take(4)
        return bytes[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The 48-bit Time Signed field of TSIG (RFC 8945 §4.2).
    mutating func readUInt48() throws(DNSWireError) -> UInt64 {
        let at = try take(6)
        return bytes[at..<at + 6].reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func readBytes(_ count: Int) throws(DNSWireError) -> [UInt8] {
        let at = try take(count)
        return Array(bytes[at..<at + count])
    }

    /// Reads a possibly compressed name. Each pointer must target an offset before the start of
    /// the label run that contains it, which makes loops and forward references impossible.
    mutating func readName() throws(DNSWireError) -> DNSName {
        var labels: [[UInt8]] = []
        var wireLength = 1
        var position = offset
        var runStart = offset
        var resumeAt: Int?
        var hops = 0
        while true {
            guard position < bytes.count else { throw error(.truncatedMessage, at: position) }
            let length = bytes[position]
            switch length & 0xc0 {
            case 0x00:
                if length == 0 {
                    offset = resumeAt ?? position + 1
                    return DNSName(uncheckedLabels: labels)
                }
                let start = position + 1
                let end = start + Int(length)
                guard end <= bytes.count else { throw error(.truncatedMessage, at: position) }
                wireLength += 1 + Int(length)
                guard wireLength <= DNSName.maximumWireLength else { throw error(.nameTooLong, at: position) }
                labels.append(Array(bytes[start..<end]))
                position = end
            case 0xc0:
                guard position + 1 < bytes.count else { throw error(.truncatedMessage, at: position) }
                let target = Int(length & 0x3f) << 8 | Int(bytes[position + 1])
                hops += 1
                guard target < runStart, hops <= DNSWireReader.maximumPointerHops else {
                    throw error(.badPointer, at: position)
                }
                if resumeAt == nil { resumeAt = position + 2 }
                runStart = target
                position = target
            default:
                throw error(.badLabelType, at: position)
            }
        }
    }
}
