/// What makes two queries get the same response bytes apart from their ID and the case of the
/// question name: the lower-cased question, the header bits that change the answer, EDNS presence
/// and DO, the transport and the size limit. Only plain queries have one (``init(query:transport:udpPayloadSize:)``).
struct DNSQueryKey: Hashable {
    private let bytes: [UInt8]
    /// Octets of the question name, which start at offset 12 in both query and response.
    let nameLength: Int

    /// The key of `query`, or `nil` when it is not a plain query: exactly one question, no records but
    /// an optional OPT of EDNS version 0, standard opcode, not a zone transfer or other meta type
    /// (RFC 6895 §3.1), uncompressed name, no trailing octets. Those go the slow way.
    init?(query: [UInt8], transport: DNSTransport, udpPayloadSize: Int) {
        let count = query.count
        // Header (RFC 1035 §4.1.1): QR = 0, OPCODE = 0, TC = 0; QDCOUNT 1, ANCOUNT 0, NSCOUNT 0, ARCOUNT 0 or 1.
        guard count >= 17, query[2] & 0xfa == 0, query[4] == 0, query[5] == 1, query[6] == 0, query[7] == 0,
            query[8] == 0, query[9] == 0, query[10] == 0, query[11] <= 1
        else { return nil }
        var key: [UInt8] = []
        key.reserveCapacity(32)
        var offset = 12
        while true {
            guard offset < count else { return nil }
            let length = Int(query[offset])
            guard length <= 63, offset + 1 + length <= count else { return nil }
            key.append(UInt8(length))
            if length == 0 { break }
            for index in (offset + 1)...(offset + length) {
                let byte = query[index]
                key.append(byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte)
            }
            offset += 1 + length
        }
        offset += 1
        nameLength = offset - 12
        guard nameLength <= 255, offset + 4 <= count else { return nil }
        let type = Int(query[offset]) << 8 | Int(query[offset + 1])
        guard !(128...254).contains(type) else { return nil }
        key += query[offset..<(offset + 4)]  // QTYPE, QCLASS
        offset += 4
        var limit = transport == .tcp ? 65_535 : 512
        var ednsBits: UInt8 = 0
        if query[11] == 1 {
            // RFC 6891 §6.1.2: root owner, TYPE 41, CLASS = payload size, TTL = ext-RCODE, VERSION, DO|Z.
            guard offset + 11 <= count, query[offset] == 0, query[offset + 1] == 0, query[offset + 2] == 41,
                query[offset + 6] == 0
            else { return nil }
            let payload = Int(query[offset + 3]) << 8 | Int(query[offset + 4])
            let optionsLength = Int(query[offset + 9]) << 8 | Int(query[offset + 10])
            guard offset + 11 + optionsLength == count else { return nil }
            // Presence in bit 0, DO (RFC 3225 §3, copied into the response) in bit 7: apart, so
            // an answer with DO set is never served to a query without it.
            ednsBits = 0x01 | (query[offset + 7] & 0x80)
            if transport == .udp { limit = min(max(512, payload), udpPayloadSize) }
        } else {
            guard offset == count else { return nil }
        }
        // RD and CD change the answer (no-auth-recursive); the rest of the flags are fixed above.
        key += [query[2] & 0x01, query[3] & 0x10, ednsBits, UInt8(limit >> 8), UInt8(limit & 0xff),
                transport == .tcp ? 1 : 0]
        bytes = key
    }

    // One combine over all the octets: [UInt8]'s own hashing feeds the hasher an octet at a time.
    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    static func == (lhs: DNSQueryKey, rhs: DNSQueryKey) -> Bool {
        lhs.bytes == rhs.bytes
    }
}
