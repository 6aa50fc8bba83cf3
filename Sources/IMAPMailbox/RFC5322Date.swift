import IMAPProtocol

/// The calendar date of a Date: header (RFC 5322 §3.3), as SEARCH SENTBEFORE, SENTON and SENTSINCE compare it
/// (RFC 9051 §6.4.4: "disregarding time and timezone"): the day, month and year as written.
///
///     date-time = [ day-of-week "," ] date time [CFWS]
///     date      = day month year
///
/// Obsolete forms are read too (§4.3): two-digit years (below 50 are 20xx, else 19xx), three-digit years
/// (1900 added), hyphens between the parts, and white space or a comment before the day.
enum RFC5322Date {
    /// The date, nil when the value has no readable day, month and year.
    static func date(_ value: [UInt8]) -> IMAPDate? {
        var words: [[UInt8]] = []
        var current: [UInt8] = []
        var commentDepth = 0
        // Comments nest (RFC 5322 §3.2.2); a bounded count is enough to skip them.
        for byte in value.prefix(Self.maximumLength) {
            switch byte {
            case UInt8(ascii: "("): commentDepth += 1
            case UInt8(ascii: ")"): commentDepth = max(0, commentDepth - 1)
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: ","), UInt8(ascii: "-"), 0x0D, 0x0A:
                if !current.isEmpty { words.append(current) }
                current = []
            default:
                if commentDepth == 0 { current.append(byte) }
            }
        }
        if !current.isEmpty { words.append(current) }
        // The first all-digit word is the day; the month and year follow it.
        guard let dayIndex = words.firstIndex(where: { $0.allSatisfy(Self.isDigit) }), dayIndex + 2 < words.count,
              words[dayIndex].count <= 2, let day = number(words[dayIndex]),
              let month = monthNumber(words[dayIndex + 1]),
              words[dayIndex + 2].count <= 4, var year = number(words[dayIndex + 2])
        else { return nil }
        switch words[dayIndex + 2].count {
        case 1, 2: year += year < 50 ? 2000 : 1900
        case 3: year += 1900
        default: break
        }
        return IMAPDate(year: year, month: month, day: day)
    }

    /// Longer values are cut here before they are read: a date needs far less.
    static let maximumLength = 256

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    private static func number(_ word: [UInt8]) -> Int? {
        guard !word.isEmpty, word.allSatisfy(isDigit) else { return nil }
        return word.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    private static func monthNumber(_ word: [UInt8]) -> Int? {
        guard word.count == 3 else { return nil }
        let name = String(decoding: word, as: UTF8.self).lowercased()
        return months.firstIndex(of: name).map { $0 + 1 }
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
}
