import MailCore

extension RecordData {
    /// The RDATA in presentation format as BIND prints it (`named-checkzone -D`): absolute
    /// names with a trailing dot, TXT and CAA values quoted with `\"`, `\\` and `\DDD`
    /// escapes, and the RFC 3597 §5 `\# LENGTH HEX` form for types without a typed case.
    /// `ZoneFileParser` reads it back to the same value.
    public var presentation: String {
        switch self {
        case .a(let address), .aaaa(let address):
            address.description
        case .ns(let name), .cname(let name), .ptr(let name):
            name.description
        case .mx(let preference, let exchange):
            "\(preference) \(exchange)"
        case .txt(let strings):
            strings.map(RecordData.quoted).joined(separator: " ")
        case .soa(let soa):
            "\(soa.primaryServer) \(soa.responsibleMailbox) \(soa.serial) \(soa.refresh) \(soa.retry) \(soa.expire) "
                + "\(soa.minimum)"
        case .srv(let priority, let weight, let port, let target):
            "\(priority) \(weight) \(port) \(target)"
        case .caa(let flags, let tag, let value):
            "\(flags) \(String(decoding: tag, as: UTF8.self)) \(RecordData.quoted(value))"
        case .unknown(let type, let octets):
            RecordData.textForm(of: type, octets) ?? RecordData.generic(octets)
        }
    }

    /// A character-string in double quotes, escaped as BIND's `txt_totext` does: `"` and `\`
    /// get a backslash, octets outside printable ASCII become `\DDD`.
    static func quoted(_ octets: [UInt8]) -> String {
        var text = "\""
        for byte in octets {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                text += "\\" + String(UnicodeScalar(byte))
            case 0x20...0x7e:
                text.unicodeScalars.append(UnicodeScalar(byte))
            default:
                text += "\\" + String(byte).leftPadded(to: 3)
            }
        }
        return text + "\""
    }

    /// HINFO, DS, SSHFP and TLSA as BIND writes them (hex in upper case); `nil` when the octets do not
    /// have the type's shape, which then prints in the generic form.
    static func textForm(of type: DNSRecordType, _ octets: [UInt8]) -> String? {
        let fixed: Int
        switch type {
        case .hinfo:
            guard let cpuLength = octets.first.map(Int.init), octets.count > cpuLength + 1,
                octets.count == cpuLength + 2 + Int(octets[cpuLength + 1])
            else { return nil }
            return quoted(Array(octets[1..<(1 + cpuLength)])) + " " + quoted(Array(octets[(cpuLength + 2)...]))
        case .ds:
            guard octets.count > 4 else { return nil }
            return "\(UInt16(octets[0]) << 8 | UInt16(octets[1])) \(octets[2]) \(octets[3]) " + hex(octets[4...])
        case .sshfp: fixed = 2
        case .tlsa: fixed = 3
        default: return nil
        }
        guard octets.count > fixed else { return nil }
        return octets[..<fixed].map(String.init).joined(separator: " ") + " " + hex(octets[fixed...])
    }

    /// Upper-case hex in groups of 28 octets, as BIND breaks it.
    private static func hex(_ octets: ArraySlice<UInt8>) -> String {
        let digits: [Character] = Array("0123456789ABCDEF")
        var text = ""
        for (index, byte) in octets.enumerated() {
            if index > 0, index % 28 == 0 { text.append(" ") }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return text
    }

    /// RFC 3597 §5: `\# 3 010203`, or `\# 0` for empty RDATA.
    static func generic(_ octets: [UInt8]) -> String {
        let digits: [Character] = Array("0123456789abcdef")
        var hex = ""
        hex.reserveCapacity(octets.count * 2)
        for byte in octets {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return octets.isEmpty ? "\\# 0" : "\\# \(octets.count) \(hex)"
    }
}
