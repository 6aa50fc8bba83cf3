import MailCore

extension ZoneTokenCursor {
    /// RFC 2181 §8: a TTL is an unsigned 31-bit number.
    static let maximumTTL: UInt32 = 0x7fff_ffff

    /// Reads an unsigned decimal field such as an MX preference or SRV port.
    mutating func number<T: FixedWidthInteger & UnsignedInteger>(_ what: String, as _: T.Type = T.self)
        throws(ZoneFileError) -> T
    {
        let token = try next(what)
        guard !token.isQuoted, !token.bytes.isEmpty, token.bytes.allSatisfy({ $0.decimalDigit != nil }) else {
            throw error(.badNumber, "\(what) \(token.quotedForMessage) is not a number", at: token)
        }
        guard let value: T = Self.decimal(token.bytes) else {
            throw error(.badNumber, "\(what) \(token.quotedForMessage) is out of range (0-\(T.max))", at: token)
        }
        return value
    }

    /// Reads a time field with BIND's units (`1W2D`, `3H`, `30M`, `45S`, or plain seconds),
    /// as SOA timers allow; `limit` caps the value (2^31-1 for TTLs, RFC 2181 §8).
    mutating func time(_ what: String, limit: UInt32 = .max) throws(ZoneFileError) -> UInt32 {
        try time(from: next(what), what: what, limit: limit)
    }

    /// Decodes a time token; a TTL's error reads `bad TTL "1Q"`, like BIND's.
    func time(from token: ZoneToken, what: String, limit: UInt32) throws(ZoneFileError) -> UInt32 {
        let label = what == "TTL" ? "bad TTL \(token.quotedForMessage)" : "bad \(what) \(token.quotedForMessage)"
        guard !token.isQuoted, let value = Self.timeValue(token.bytes) else {
            throw error(.badTTL, "\(label): expected seconds or units W, D, H, M, S", at: token)
        }
        guard value <= limit else {
            throw error(.badTTL, "\(label): larger than \(limit)", at: token)
        }
        return value
    }

    /// BIND's `dns_ttl_fromtext`: all digits, or number+unit pairs with units W D H M S in
    /// any case; `nil` when malformed or above 2^32-1.
    static func timeValue(_ bytes: [UInt8]) -> UInt32? {
        guard !bytes.isEmpty else { return nil }
        if bytes.allSatisfy({ $0.decimalDigit != nil }) { return decimal(bytes) }
        var total: UInt64 = 0
        var current: UInt64 = 0
        var digits = 0
        for byte in bytes {
            if let digit = byte.decimalDigit {
                current = current * 10 + UInt64(digit)
                digits += 1
                guard current <= UInt64(UInt32.max) else { return nil }
                continue
            }
            guard digits > 0 else { return nil }
            let unit: UInt64
            switch byte.asciiLowercased {
            case UInt8(ascii: "w"): unit = 604_800
            case UInt8(ascii: "d"): unit = 86_400
            case UInt8(ascii: "h"): unit = 3_600
            case UInt8(ascii: "m"): unit = 60
            case UInt8(ascii: "s"): unit = 1
            default: return nil
            }
            total += current * unit
            guard total <= UInt64(UInt32.max) else { return nil }
            current = 0
            digits = 0
        }
        // BIND allows a bare number only as the whole value: `1H30` is an error.
        guard digits == 0 else { return nil }
        return UInt32(total)
    }

    /// Parses ASCII decimal digits with overflow checks; `nil` when empty, not digits, or too big.
    static func decimal<T: FixedWidthInteger>(_ bytes: [UInt8]) -> T? {
        guard !bytes.isEmpty else { return nil }
        var value: T = 0
        for byte in bytes {
            guard let digit = byte.decimalDigit else { return nil }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.addingReportingOverflow(T(digit))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }

    /// Decodes a character-string (RFC 1035 §5.1): quoted or not, `\X` and `\DDD` escapes;
    /// `limit` is 255 for TXT strings, `nil` for CAA values, which run to the end of the RDATA.
    func characterString(from token: ZoneToken, what: String, limit: Int?) throws(ZoneFileError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(token.bytes.count)
        var index = 0
        while index < token.bytes.count {
            if token.bytes[index] == UInt8(ascii: "\\") {
                let (octet, length) = try escape(in: token, at: index)
                out.append(octet)
                index += length
            } else {
                out.append(token.bytes[index])
                index += 1
            }
        }
        if let limit, out.count > limit {
            throw error(.badRData, "\(what) longer than \(limit) octets (\(out.count))", at: token)
        }
        return out
    }

    /// Reads a dotted-quad IPv4 address (RFC 1035 §3.4.1); like BIND's `inet_pton`, leading
    /// zeros are refused because some tools read them as octal.
    mutating func ipv4(_ what: String) throws(ZoneFileError) -> IPAddress {
        let token = try next(what)
        let parts = token.bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        let wellFormed = !token.isQuoted && parts.count == 4
            && parts.allSatisfy { !$0.isEmpty && $0.count <= 3 && ($0.count == 1 || $0.first != UInt8(ascii: "0")) }
        guard wellFormed, let address = IPAddress(token.text), address.isIPv4 else {
            throw error(.badAddress, "bad IPv4 address \(token.quotedForMessage)", at: token)
        }
        return address
    }

    /// Reads an IPv6 address (RFC 4291 §2.2, RFC 3596 §2.4).
    mutating func ipv6(_ what: String) throws(ZoneFileError) -> IPAddress {
        let token = try next(what)
        let allowed = token.bytes.allSatisfy { byte in
            byte.decimalDigit != nil || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".")
                || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte.asciiLowercased)
        }
        guard !token.isQuoted, allowed, token.bytes.count <= 45, let address = IPAddress(token.text), !address.isIPv4
        else {
            throw error(.badAddress, "bad IPv6 address \(token.quotedForMessage)", at: token)
        }
        return address
    }

    /// Reads the rest of the line as hexadecimal digits (RFC 3597 §5 allows spaces between
    /// groups); an odd count or a non-hex character is an error.
    mutating func hexRest(_ what: String) throws(ZoneFileError) -> [UInt8] {
        var out: [UInt8] = []
        while let token = nextIfAny() {
            guard !token.isQuoted, token.bytes.count % 2 == 0 else {
                throw error(.badRData, "\(what): \(token.quotedForMessage) is not an even number of hex digits", at: token)
            }
            var index = 0
            while index < token.bytes.count {
                guard let high = Self.hexValue(token.bytes[index]), let low = Self.hexValue(token.bytes[index + 1]) else {
                    throw error(.badRData, "\(what): \(token.quotedForMessage) is not hexadecimal", at: token)
                }
                out.append(high << 4 | low)
                index += 2
            }
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
