extension ZoneTokenCursor {
    /// The most RDATA a record can carry: RDLENGTH is 16 bits (RFC 1035 §3.2.1).
    static let maximumRDataLength = 0xffff

    /// Reads the RDATA of a `type` record: the type's own text form (RFC 1035 §5, RFC 2782,
    /// RFC 3596, RFC 8659) or the generic `\# LENGTH HEX` form of RFC 3597 §5, which any type
    /// may use. Names are relative to `origin`. Consumes the whole rest of the line.
    mutating func rdata(for type: DNSRecordType, typeToken: ZoneToken, origin: DNSName) throws(ZoneFileError)
        -> RecordData
    {
        if let first = peek(), !first.isQuoted, first.bytes == [UInt8(ascii: "\\"), UInt8(ascii: "#")] {
            _ = nextIfAny()
            return try genericRData(for: type, marker: first)
        }
        let data: RecordData
        switch type {
        case .a: data = .a(try ipv4("A address"))
        case .aaaa: data = .aaaa(try ipv6("AAAA address"))
        case .ns: data = .ns(try name("NS name server", origin: origin))
        case .cname: data = .cname(try name("CNAME target", origin: origin))
        case .ptr: data = .ptr(try name("PTR target", origin: origin))
        case .mx:
            let preference: UInt16 = try number("MX preference")
            data = .mx(preference: preference, exchange: try name("MX exchange", origin: origin))
        case .txt: data = try txt()
        case .soa: data = .soa(try soa(origin: origin))
        case .srv:
            let priority: UInt16 = try number("SRV priority")
            let weight: UInt16 = try number("SRV weight")
            let port: UInt16 = try number("SRV port")
            data = .srv(priority: priority, weight: weight, port: port, target: try name("SRV target", origin: origin))
        case .caa: data = try caa()
        case .hinfo, .ds, .sshfp, .tlsa: data = .unknown(type, try fixedFieldsThenHex(for: type))
        default:
            throw error(
                .unknownType, "record type \(type) has no text form here; write its RDATA as \\# LENGTH HEX (RFC 3597)",
                at: typeToken)
        }
        try expectEnd(after: "\(type) RDATA")
        return data
    }

    /// RFC 3597 §5: `\# LENGTH HEX...`; for a type with a typed case the octets must be valid
    /// wire RDATA for it, and are decoded, so `TYPE1 \# 4 7f000001` equals `A 127.0.0.1`.
    private mutating func genericRData(for type: DNSRecordType, marker: ZoneToken) throws(ZoneFileError) -> RecordData {
        let length: UInt16 = try number("\\# RDATA length")
        let octets = try hexRest("\\# RDATA")
        guard octets.count == Int(length) else {
            throw error(.badRData, "\\# RDATA length \(length) does not match \(octets.count) octets of data", at: marker)
        }
        guard let data = RDataWireDecoder.decode(type: type, octets: octets) else {
            throw error(.badRData, "\\# RDATA is not valid \(type) data", at: marker)
        }
        return data
    }

    /// RFC 1035 §3.3.14: one or more character-strings of at most 255 octets each.
    private mutating func txt() throws(ZoneFileError) -> RecordData {
        var strings = [try characterString(from: next("TXT string"), what: "TXT string", limit: 255)]
        var total = 1 + strings[0].count
        while let token = nextIfAny() {
            let string = try characterString(from: token, what: "TXT string", limit: 255)
            total += 1 + string.count
            guard total <= Self.maximumRDataLength else {
                throw error(.badRData, "TXT RDATA longer than 65535 octets", at: token)
            }
            strings.append(string)
        }
        return .txt(strings)
    }

    /// RFC 1035 §3.3.13; BIND accepts units in the four timer fields, not in the serial.
    private mutating func soa(origin: DNSName) throws(ZoneFileError) -> StartOfAuthority {
        let primary = try name("SOA primary server (MNAME)", origin: origin)
        let mailbox = try name("SOA responsible mailbox (RNAME)", origin: origin)
        let serial: UInt32 = try number("SOA serial")
        return StartOfAuthority(
            primaryServer: primary, responsibleMailbox: mailbox, serial: serial,
            refresh: try time("SOA refresh"), retry: try time("SOA retry"), expire: try time("SOA expire"),
            minimum: try time("SOA minimum"))
    }

    /// RFC 8659 §4.1.1: `FLAGS TAG VALUE`; the tag is 1 to 255 ASCII letters and digits (BIND's
    /// check), the value one character-string that may exceed 255 octets.
    private mutating func caa() throws(ZoneFileError) -> RecordData {
        let flags: UInt8 = try number("CAA flags")
        let tagToken = try next("CAA tag")
        let isAlphanumeric = tagToken.bytes.allSatisfy { byte in
            byte.decimalDigit != nil || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte.asciiLowercased)
        }
        guard !tagToken.isQuoted, (1...255).contains(tagToken.bytes.count), isAlphanumeric else {
            throw error(.badRData, "CAA tag \(tagToken.quotedForMessage) must be 1-255 letters and digits", at: tagToken)
        }
        let valueToken = try next("CAA value")
        let value = try characterString(from: valueToken, what: "CAA value", limit: nil)
        guard 2 + tagToken.bytes.count + value.count <= Self.maximumRDataLength else {
            throw error(.badRData, "CAA RDATA longer than 65535 octets", at: valueToken)
        }
        return .caa(flags: flags, tag: tagToken.bytes, value: value)
    }

    /// Types kept as raw RDATA but written in their own text form: HINFO's two character-strings
    /// (RFC 1035 §3.3.2), and the number fields then hex of DS (RFC 4034 §5.3), SSHFP (RFC 4255 §3.2)
    /// and TLSA (RFC 6698 §2.2).
    private mutating func fixedFieldsThenHex(for type: DNSRecordType) throws(ZoneFileError) -> [UInt8] {
        switch type {
        case .hinfo:
            let cpu = try characterString(from: next("HINFO CPU"), what: "HINFO CPU", limit: 255)
            let os = try characterString(from: next("HINFO OS"), what: "HINFO OS", limit: 255)
            return [UInt8(cpu.count)] + cpu + [UInt8(os.count)] + os
        case .ds:
            let keyTag: UInt16 = try number("DS key tag")
            let fields: [UInt8] = [UInt8(keyTag >> 8), UInt8(keyTag & 0xff), try number("DS algorithm"),
                                   try number("DS digest type")]
            return fields + (try hexRest("DS digest"))
        case .sshfp:
            return [try number("SSHFP algorithm"), try number("SSHFP fingerprint type")] + (try hexRest("SSHFP fingerprint"))
        default:
            return [try number("TLSA usage"), try number("TLSA selector"), try number("TLSA matching type")]
                + (try hexRest("TLSA certificate data"))
        }
    }
}
