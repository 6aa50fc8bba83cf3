/// Just enough of RFC 5322 §2.2 and §3.4 for local submission: field names, folded lines, and the
/// addresses in `To:`-style fields.
enum HeaderField {
    /// The lower-cased field name of a line `name: value`; `nil` when the line is not a field.
    /// field-name = 1*ftext, ftext = %d33-57 / %d59-126 (RFC 5322 §3.6.8)
    static func name(of line: [UInt8]) -> String? {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0,
              line[..<colon].allSatisfy({ (33...126).contains($0) && $0 != UInt8(ascii: ":") })
        else { return nil }
        return String(decoding: line[..<colon], as: UTF8.self).lowercased()
    }

    /// A line that continues the previous field (RFC 5322 §2.2.3 folding).
    static func isContinuation(_ line: [UInt8]) -> Bool {
        line.first == UInt8(ascii: " ") || line.first == UInt8(ascii: "\t")
    }

    /// Groups lines into fields: each field is its first line plus its continuation lines.
    static func group(_ lines: [[UInt8]]) -> [[[UInt8]]] {
        var fields: [[[UInt8]]] = []
        for line in lines {
            if isContinuation(line), !fields.isEmpty {
                fields[fields.count - 1].append(line)
            } else {
                fields.append([line])
            }
        }
        return fields
    }

    /// The unfolded value of a field.
    static func value(of field: [[UInt8]]) -> String {
        let joined = field.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
        guard let colon = joined.firstIndex(of: ":") else { return "" }
        return String(joined[joined.index(after: colon)...])
    }

    /// The addr-specs in an address list (RFC 5322 §3.4): `Name <a@b>, c@d, "x, y" <e@f>`; groups'
    /// display names and comments are skipped.
    static func addresses(in list: String) -> [String] {
        var addresses: [String] = []
        var current = ""
        var inQuotes = false, inAngle = false, commentDepth = 0
        var angle = ""
        func flush() {
            let bare = current.trimmingCharacters(in: " \t")
            // "group: a@b, c@d;" — the address follows the group's display name and colon.
            let afterGroupName = bare.split(separator: ":", omittingEmptySubsequences: false).last.map(String.init) ?? ""
            let address = angle.isEmpty ? afterGroupName : angle
            let cleaned = address.trimmingCharacters(in: " \t;")
            if cleaned.contains("@") || (!cleaned.isEmpty && !cleaned.contains(" ")) { addresses.append(cleaned) }
            current = ""
            angle = ""
        }
        for character in list {
            switch character {
            case "\"" where commentDepth == 0: inQuotes.toggle()
            case "(" where !inQuotes: commentDepth += 1
            case ")" where !inQuotes && commentDepth > 0: commentDepth -= 1
            case "<" where !inQuotes && commentDepth == 0: inAngle = true; angle = ""
            case ">" where inAngle: inAngle = false
            case "," where !inQuotes && !inAngle && commentDepth == 0: flush()
            case ";" where !inQuotes && !inAngle && commentDepth == 0: flush()
            default:
                if commentDepth > 0 || inQuotes { continue }
                if inAngle { angle.append(character) } else { current.append(character) }
            }
        }
        flush()
        return addresses
    }
}

extension String {
    /// The string without leading and trailing characters from `set`.
    fileprivate func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
