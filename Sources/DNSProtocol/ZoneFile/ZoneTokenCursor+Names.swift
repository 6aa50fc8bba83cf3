extension ZoneTokenCursor {
    /// Reads the next token as a domain name (RFC 1035 §5.1).
    mutating func name(_ what: String, origin: DNSName) throws(ZoneFileError) -> DNSName {
        try name(from: next(what), origin: origin)
    }

    /// Decodes a name: `@` is the origin, a name without a trailing unescaped dot is relative
    /// to the origin, and `\.` / `\DDD` put any octet into a label (RFC 1035 §5.1).
    ///
    /// `DNSName.init?(_:)` cannot tell `a\.` (relative) from `a.` (absolute) and does not say
    /// why it failed, hence this separate decoder.
    func name(from token: ZoneToken, origin: DNSName) throws(ZoneFileError) -> DNSName {
        let bytes = token.bytes
        if bytes == [UInt8(ascii: "@")] && !token.isQuoted { return origin }
        if bytes == [UInt8(ascii: ".")] { return .root }
        guard !bytes.isEmpty else { throw error(.badName, "empty name", at: token) }
        var labels: [[UInt8]] = []
        var label: [UInt8] = []
        var absolute = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            absolute = false
            if byte == UInt8(ascii: ".") {
                guard !label.isEmpty else {
                    throw error(.badName, "empty label in name \(token.quotedForMessage)", at: token)
                }
                labels.append(label)
                label = []
                absolute = true
                index += 1
                continue
            }
            if byte == UInt8(ascii: "\\") {
                let (value, length) = try escape(in: token, at: index)
                label.append(value)
                index += length
            } else {
                label.append(byte)
                index += 1
            }
            guard label.count <= DNSName.maximumLabelLength else {
                throw error(.badName, "label longer than 63 octets in name \(token.quotedForMessage)", at: token)
            }
        }
        if !label.isEmpty { labels.append(label) }
        let all = absolute ? labels : labels + origin.labels
        guard let name = DNSName(labels: all) else {
            throw error(.badName, "name longer than 255 octets: \(token.quotedForMessage)", at: token)
        }
        return name
    }

    /// Decodes the escape starting at `bytes[index]` (a backslash): `\DDD` (exactly three
    /// decimal digits, at most 255) or `\X` for the octet X. Returns the octet and the length.
    func escape(in token: ZoneToken, at index: Int) throws(ZoneFileError) -> (UInt8, Int) {
        let bytes = token.bytes
        guard index + 1 < bytes.count else {
            throw error(.badEscape, "backslash at end of \(token.quotedForMessage)", at: token)
        }
        guard let d1 = bytes[index + 1].decimalDigit else { return (bytes[index + 1], 2) }
        guard index + 3 < bytes.count, let d2 = bytes[index + 2].decimalDigit, let d3 = bytes[index + 3].decimalDigit
        else {
            throw error(.badEscape, "bad escape in \(token.quotedForMessage): \\DDD needs three digits", at: token)
        }
        let value = d1 * 100 + d2 * 10 + d3
        guard let octet = UInt8(exactly: value) else {
            throw error(.badEscape, "bad escape \\\(value) in \(token.quotedForMessage): above 255", at: token)
        }
        return (octet, 4)
    }
}
