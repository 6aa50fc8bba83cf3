import MailCore

extension DNSWireReader {
    /// Decodes `length` octets of RDATA for a known type, or keeps them raw (RFC 3597 §3).
    ///
    /// For typed RDATA the content must fill the length exactly: a mismatch means the sender and
    /// we disagree about the layout, so the message is rejected rather than guessed at.
    mutating func readRecordData(
        type: DNSRecordType, dnsClass: DNSClass, length: Int
    ) throws(DNSWireError) -> RecordData {
        let start = offset
        guard length <= remaining else { throw error(.truncatedMessage) }
        let end = start + length
        // RFC 2136 §2.5.2/§2.5.4: UPDATE deletes carry class ANY or NONE with empty RDATA.
        if length == 0, dnsClass == .any || dnsClass == .none {
            return .unknown(type, [])
        }
        let data: RecordData
        switch type {
        case .a where dnsClass == .internet:
            // RFC 1035 §3.4.1: A is Internet-specific; other classes define their own layout.
            guard length == 4, let address = IPAddress(bytes: try readBytes(4)) else {
                throw error(.badRecordData, at: start)
            }
            data = .a(address)
        case .aaaa where dnsClass == .internet:
            guard length == 16, let address = IPAddress(bytes: try readBytes(16)) else {
                throw error(.badRecordData, at: start)
            }
            data = .aaaa(address)
        case .ns:
            data = .ns(try readName())
        case .cname:
            data = .cname(try readName())
        case .ptr:
            data = .ptr(try readName())
        case .mx:
            data = .mx(preference: try readUInt16(), exchange: try readName())
        case .txt:
            data = .txt(try readCharacterStrings(until: end))
        case .soa:
            data = .soa(
                StartOfAuthority(
                    primaryServer: try readName(), responsibleMailbox: try readName(), serial: try readUInt32(),
                    refresh: try readUInt32(), retry: try readUInt32(), expire: try readUInt32(),
                    minimum: try readUInt32()))
        case .srv:
            data = .srv(priority: try readUInt16(), weight: try readUInt16(), port: try readUInt16(), target: try readName())
        case .caa:
            let flags = try readUInt8()
            let tagLength = Int(try readUInt8())
            // RFC 8659 §4.1: the tag is 1 to 15 octets; the value takes the rest of the RDATA.
            guard tagLength >= 1, offset + tagLength <= end else { throw error(.badRecordData, at: start) }
            let tag = try readBytes(tagLength)
            data = .caa(flags: flags, tag: tag, value: try readBytes(end - offset))
        default:
            return .unknown(type, try readBytes(length))
        }
        guard offset == end else { throw error(.badRecordData, at: start) }
        return data
    }

    /// Reads <character-string>s (RFC 1035 §3.3) until `end`, none crossing it.
    mutating func readCharacterStrings(until end: Int) throws(DNSWireError) -> [[UInt8]] {
        var strings: [[UInt8]] = []
        while offset < end {
            let length = Int(try readUInt8())
            guard offset + length <= end else { throw error(.badRecordData) }
            strings.append(try readBytes(length))
        }
        return strings
    }

    /// Reads OPT RDATA (RFC 6891 §6.1.2): {code, length, data} options filling it exactly.
    mutating func readEDNSOptions(length: Int) throws(DNSWireError) -> [EDNSOption] {
        guard length <= remaining else { throw error(.truncatedMessage) }
        let end = offset + length
        var options: [EDNSOption] = []
        while offset < end {
            guard end - offset >= 4 else { throw error(.badOPT) }
            let code = try readUInt16()
            let optionLength = Int(try readUInt16())
            guard optionLength <= end - offset else { throw error(.badOPT) }
            options.append(EDNSOption(code: code, data: try readBytes(optionLength)))
        }
        return options
    }

    /// Reads TSIG RDATA (RFC 8945 §4.2) owned by `keyName`; it must fill `length` exactly.
    mutating func readTSIG(keyName: DNSName, length: Int) throws(DNSWireError) -> TSIGRecord {
        let start = offset
        guard length <= remaining else { throw error(.truncatedMessage) }
        let algorithm = try readName()
        let timeSigned = try readUInt48()
        let fudge = try readUInt16()
        let mac = try readBytes(Int(try readUInt16()))
        let originalID = try readUInt16()
        let tsigError = DNSResponseCode(rawValue: try readUInt16())
        let otherData = try readBytes(Int(try readUInt16()))
        guard offset == start + length else { throw error(.badTSIG, at: start) }
        return TSIGRecord(
            keyName: keyName, algorithm: algorithm, timeSigned: timeSigned, fudge: fudge, mac: mac,
            originalID: originalID, error: tsigError, otherData: otherData)
    }
}
