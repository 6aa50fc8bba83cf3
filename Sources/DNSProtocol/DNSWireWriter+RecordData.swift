import MailCore

extension DNSWireWriter {
    /// Appends one resource record (RFC 1035 §4.1.3). Returns false, leaving the buffer as it was,
    /// when the data cannot be represented (wrong address size, over-long RDATA or CAA tag), so an
    /// invalid record never reaches a peer as a malformed message.
    mutating func writeRecord(_ record: ResourceRecord) -> Bool {
        let start = count
        writeName(record.name)
        writeUInt16(record.type.rawValue)
        writeUInt16(record.dnsClass.rawValue)
        writeUInt32(record.ttl)
        let lengthOffset = count
        writeUInt16(0)
        guard writeRecordData(record.data), count - lengthOffset - 2 <= Int(UInt16.max) else {
            truncate(to: start)
            return false
        }
        patchUInt16(UInt16(count - lengthOffset - 2), at: lengthOffset)
        return true
    }

    /// Appends RDATA. Names are compressed only in the RFC 1035 types (RFC 3597 §4); SRV targets
    /// stay uncompressed (RFC 2782), and unknown types are copied verbatim.
    private mutating func writeRecordData(_ data: RecordData) -> Bool {
        switch data {
        case .a(let address):
            guard address.bytes.count == 4 else { return false }
            writeBytes(address.bytes)
        case .aaaa(let address):
            guard address.bytes.count == 16 else { return false }
            writeBytes(address.bytes)
        case .ns(let name), .cname(let name), .ptr(let name):
            writeName(name)
        case .mx(let preference, let exchange):
            writeUInt16(preference)
            writeName(exchange)
        case .txt(let strings):
            for string in strings {
                guard string.count <= 255 else { return false }
                writeUInt8(UInt8(string.count))
                writeBytes(string)
            }
        case .soa(let soa):
            writeName(soa.primaryServer)
            writeName(soa.responsibleMailbox)
            for value in [soa.serial, soa.refresh, soa.retry, soa.expire, soa.minimum] { writeUInt32(value) }
        case .srv(let priority, let weight, let port, let target):
            writeUInt16(priority)
            writeUInt16(weight)
            writeUInt16(port)
            writeName(target, compress: false)
        case .caa(let flags, let tag, let value):
            guard (1...255).contains(tag.count) else { return false }
            writeUInt8(flags)
            writeUInt8(UInt8(tag.count))
            writeBytes(tag)
            writeBytes(value)
        case .unknown(_, let bytes):
            writeBytes(bytes)
        }
        return true
    }

    /// Appends the OPT pseudo-record (RFC 6891 §6.1.2-6.1.3) carrying the upper RCODE bits.
    mutating func writeOPT(_ edns: EDNSRecord, responseCode: DNSResponseCode) {
        writeUInt8(0)
        writeUInt16(DNSRecordType.opt.rawValue)
        writeUInt16(edns.udpPayloadSize)
        let extended = UInt32(responseCode.rawValue >> 4 & 0xff)
        writeUInt32(extended << 24 | UInt32(edns.version) << 16 | (edns.dnssecOK ? 0x8000 : 0))
        let lengthOffset = count
        writeUInt16(0)
        for option in edns.options where option.data.count <= Int(UInt16.max) {
            writeUInt16(option.code)
            writeUInt16(UInt16(option.data.count))
            writeBytes(option.data)
        }
        patchUInt16(UInt16(clamping: count - lengthOffset - 2), at: lengthOffset)
    }

    /// Appends a TSIG record (RFC 8945 §4.2) with both names uncompressed, class ANY, TTL 0.
    mutating func writeTSIG(_ tsig: TSIGRecord) {
        writeName(tsig.keyName, compress: false)
        writeUInt16(DNSRecordType.tsig.rawValue)
        writeUInt16(DNSClass.any.rawValue)
        writeUInt32(0)
        writeUInt16(UInt16(clamping: DNSWireWriter.tsigDataLength(tsig)))
        writeName(tsig.algorithm, compress: false)
        writeUInt48(tsig.timeSigned)
        writeUInt16(tsig.fudge)
        writeUInt16(UInt16(clamping: tsig.mac.count))
        writeBytes(tsig.mac)
        writeUInt16(tsig.originalID)
        writeUInt16(tsig.error.rawValue)
        writeUInt16(UInt16(clamping: tsig.otherData.count))
        writeBytes(tsig.otherData)
    }

    static func tsigDataLength(_ tsig: TSIGRecord) -> Int {
        tsig.algorithm.wireLength + 16 + tsig.mac.count + tsig.otherData.count
    }

    /// Octets the OPT record takes, reserved before any record is dropped for size.
    static func optLength(_ edns: EDNSRecord) -> Int {
        11 + edns.options.reduce(0) { $0 + 4 + $1.data.count }
    }

    /// Octets the TSIG record takes, reserved before any record is dropped for size.
    static func tsigLength(_ tsig: TSIGRecord) -> Int {
        tsig.keyName.wireLength + 10 + tsigDataLength(tsig)
    }
}
