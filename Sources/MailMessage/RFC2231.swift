/// RFC 2231 parameter value continuations (§3) and charset/language information (§4).
enum RFC2231 {
    /// How a parameter name reads under RFC 2231: `name`, `name*` (one extended value), `name*N` or `name*N*`
    /// (section N of a continued value, the second one extended).
    private enum NameForm {
        case whole
        case section(base: Substring, number: Int, extended: Bool)
    }

    private static func form(of name: String) -> NameForm {
        guard let star = name.firstIndex(of: "*") else { return .whole }
        let base = name[..<star]
        var rest = name[name.index(after: star)...]
        let extended = rest.hasSuffix("*")
        if extended { rest = rest.dropLast() }
        guard !base.isEmpty, !rest.isEmpty, rest.utf8.count <= 4,
            rest.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let number = Int(rest),
            number < MIMELimits.maximumParameters
        else { return .whole }
        return .section(base: base, number: number, extended: extended)
    }

    /// Joins the sections of each continued parameter (`title*0*=us-ascii'en'This%20is; title*1="fun"`) into
    /// one parameter where its first section stood, in section order, the first of duplicate sections kept. If
    /// any section is extended, the joined parameter is extended (`title*`), plain sections percent-encoded into
    /// it and an empty `''` charset/language put first when the first section is plain; else it is a plain
    /// `title`. Parameters that are not sections pass unchanged.
    static func merge(_ parameters: [MIMEParameter]) -> [MIMEParameter] {
        // Most mail has no RFC 2231 parameter at all: nothing to join, nothing to copy.
        guard parameters.contains(where: { $0.name.utf8.contains(UInt8(ascii: "*")) }) else { return parameters }
        struct Continued {
            var position: Int
            var base: String
            var sections: [Int: (value: [UInt8], extended: Bool)]
        }
        var merged: [MIMEParameter?] = []
        var continued: [String: Continued] = [:]
        for parameter in parameters {
            guard case .section(let base, let number, let extended) = form(of: parameter.name) else {
                merged.append(parameter)
                continue
            }
            let key = ASCII.lowercased(String(base))
            if continued[key] == nil {
                continued[key] = Continued(position: merged.count, base: String(base), sections: [:])
                merged.append(nil)
            }
            if continued[key]!.sections[number] == nil {
                continued[key]!.sections[number] = (parameter.value.bytes, extended)
            }
        }
        for group in continued.values {
            let sections = group.sections.sorted { $0.key < $1.key }.map(\.value)
            guard sections.contains(where: \.extended) else {
                merged[group.position] = MIMEParameter(name: group.base, value: ByteString(sections.flatMap(\.value)))
                continue
            }
            var value: [UInt8] = sections[0].extended ? [] : [ASCII.apostrophe, ASCII.apostrophe]
            for section in sections {
                value += section.extended ? section.value : percentEncoded(section.value)
            }
            merged[group.position] = MIMEParameter(name: group.base + "*", value: ByteString(value))
        }
        return merged.compactMap { $0 }
    }

    /// `bytes` with every octet that is not an attribute-char written as `%XX` (RFC 2231 §7 extended-other-values).
    static func percentEncoded(_ bytes: [UInt8]) -> [UInt8] {
        var encoded: [UInt8] = []
        encoded.reserveCapacity(bytes.count)
        for byte in bytes {
            if ASCII.isAttributeCharacter(byte) {
                encoded.append(byte)
            } else {
                encoded += [ASCII.percent, ASCII.hexDigits[Int(byte >> 4)], ASCII.hexDigits[Int(byte & 0xF)]]
            }
        }
        return encoded
    }

    /// The text of an extended value `charset'language'percent-encoded` (RFC 2231 §4): percent escapes decoded
    /// and the octets converted from the charset, UTF-8 when the charset is missing or unknown. A value without
    /// the two apostrophes is read as percent-encoded UTF-8.
    static func decodeExtendedValue(_ value: [UInt8]) -> String {
        var charset: Charset?
        var encoded = value[...]
        if let first = value.firstIndex(of: ASCII.apostrophe),
            let second = value[(first + 1)...].firstIndex(of: ASCII.apostrophe)
        {
            charset = Charset(label: value[..<first])
            encoded = value[(second + 1)...]
        }
        return (charset ?? .utf8).decode(percentDecoded(encoded))
    }

    /// `bytes` with each `%XX` replaced by its octet; a `%` not followed by two hex digits stays.
    static func percentDecoded(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == ASCII.percent, let octet = ASCII.escapedOctet(bytes, at: index, before: bytes.endIndex) {
                decoded.append(octet)
                index += 3
            } else {
                decoded.append(bytes[index])
                index += 1
            }
        }
        return decoded
    }
}
