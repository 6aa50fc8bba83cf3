extension ZoneFileLoader {
    /// Types that only exist in queries or messages (RFC 6895 §3.1), which BIND refuses in a
    /// zone: OPT, TKEY, TSIG, IXFR, AXFR, MAILB, MAILA, ANY.
    static let metaTypes: Set<UInt16> = [41, 249, 250, 251, 252, 253, 254, 255]

    /// One record: `[owner] [TTL] [class] type RDATA`, TTL and class in either order
    /// (RFC 1035 §5.1); a blank owner repeats the previous one.
    mutating func record(_ line: ZoneLogicalLine, file: String, origin: DNSName, owner: inout DNSName?)
        throws(ZoneFileError)
    {
        var cursor = ZoneTokenCursor(line, file: file)
        let name: DNSName
        if line.ownerIsBlank {
            guard let owner else {
                throw ZoneFileError(
                    code: .noOwner, file: file, line: line.line,
                    message: "no owner name: the line starts with a blank but no record came before it")
            }
            name = owner
        } else {
            name = try cursor.name("owner name", origin: origin)
            owner = name
        }

        var explicitTTL: UInt32?
        var sawClass = false
        var token = try cursor.next("record type")
        while !token.isQuoted {
            if token.bytes.first?.decimalDigit != nil {
                // Types never start with a digit, so this must be a TTL, and a bad one
                // deserves "bad TTL" rather than "unknown type".
                guard explicitTTL == nil else { throw cursor.error(.badTTL, "TTL given twice", at: token) }
                explicitTTL = try cursor.time(from: token, what: "TTL", limit: ZoneTokenCursor.maximumTTL)
            } else if let dnsClass = DNSClass(mnemonic: token.text) {
                guard !sawClass else { throw cursor.error(.badClass, "class given twice", at: token) }
                guard dnsClass == .internet else {
                    throw cursor.error(.badClass, "class \(dnsClass) is not supported; only IN", at: token)
                }
                sawClass = true
            } else {
                break
            }
            token = try cursor.next("record type")
        }

        guard !token.isQuoted, let type = DNSRecordType(mnemonic: token.text) else {
            throw cursor.error(.unknownType, "unknown record type \(token.quotedForMessage)", at: token)
        }
        guard !Self.metaTypes.contains(type.rawValue) else {
            throw cursor.error(.unknownType, "record type \(type) is a meta-type and cannot appear in a zone", at: token)
        }
        let data = try cursor.rdata(for: type, typeToken: token, origin: origin)
        if type == .soa && name != apex {
            throw ZoneFileError(
                code: .soaNotAtApex, file: file, line: line.line, message: "SOA record not at top of zone (\(apex))")
        }
        let ttl = try resolveTTL(explicit: explicitTTL, data: data, file: file, line: line.line)
        records.append(ResourceRecord(name: name, dnsClass: .internet, ttl: ttl, data: data))
    }

    /// BIND's order: explicit TTL; `$TTL`; the previous record's TTL; for an SOA its MINIMUM,
    /// which then acts as `$TTL` (BIND warns); otherwise "no TTL specified".
    private mutating func resolveTTL(explicit: UInt32?, data: RecordData, file: String, line: Int)
        throws(ZoneFileError) -> UInt32
    {
        if let explicit {
            lastTTL = explicit
            return explicit
        }
        if let defaultTTL { return defaultTTL }
        if let lastTTL { return lastTTL }
        guard case .soa(let soa) = data else {
            throw ZoneFileError(code: .noTTL, file: file, line: line, message: "no TTL specified and no $TTL in force")
        }
        guard soa.minimum <= ZoneTokenCursor.maximumTTL else {
            throw ZoneFileError(
                code: .badTTL, file: file, line: line,
                message: "no TTL specified and SOA MINIMUM \(soa.minimum) exceeds \(ZoneTokenCursor.maximumTTL)")
        }
        warning?(
            ZoneFileError(
                code: .ttlFromSOAMinimum, file: file, line: line, message: "no TTL specified; using SOA MINTTL instead"))
        defaultTTL = soa.minimum
        return soa.minimum
    }
}
