/// A calendar date as SEARCH takes it (RFC 9051 §9 `date`): `1-Feb-1994`, optionally in quotes. The
/// day is checked against the month (leap years included), so the machine never meets 31-Feb.
///
///     date       = date-text / DQUOTE date-text DQUOTE
///     date-text  = date-day "-" date-month "-" date-year
///     date-day   = 1*2DIGIT
///     date-year  = 4DIGIT
public struct IMAPDate: Hashable, Sendable, Comparable {
    public let year: Int
    /// 1 to 12.
    public let month: Int
    /// 1 to the month's length.
    public let day: Int

    /// The date, or nil when there is no such day.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day),
              (0...9999).contains(year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The English month abbreviations of `date-month`, matched without regard to case.
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public static func < (lhs: IMAPDate, rhs: IMAPDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// A date and time with its zone, as APPEND takes it and INTERNALDATE is sent (RFC 9051 §9
/// `date-time`): `"17-Jul-1996 02:44:25 -0700"`.
///
///     date-time      = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE
///     date-day-fixed = (SP DIGIT) / 2DIGIT
///     time           = 2DIGIT ":" 2DIGIT ":" 2DIGIT
///     zone           = ("+" / "-") 4DIGIT
public struct IMAPDateTime: Hashable, Sendable {
    public let date: IMAPDate
    public let hour: Int
    public let minute: Int
    /// 0 to 60 (a leap second is a valid time).
    public let second: Int
    /// Minutes east of UTC, -1439 to +1439 (`-0700` is -420).
    public let zoneMinutes: Int

    /// The time, or nil when a field is out of range.
    public init?(date: IMAPDate, hour: Int, minute: Int, second: Int, zoneMinutes: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second),
              (-1439...1439).contains(zoneMinutes)
        else { return nil }
        self.date = date
        self.hour = hour
        self.minute = minute
        self.second = second
        self.zoneMinutes = zoneMinutes
    }

    /// Seconds since 1970-01-01T00:00:00Z (negative before it), for comparing with stored times.
    public var secondsSince1970: Int64 {
        let y = Int64(date.month <= 2 ? date.year - 1 : date.year)
        let m = Int64(date.month <= 2 ? date.month + 9 : date.month - 3)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * m + 2) / 5 + Int64(date.day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(zoneMinutes * 60)
    }
}

// MARK: - Encoding

extension IMAPDate: CustomStringConvertible {
    /// The wire form without quotes: `1-Feb-1994`.
    public var description: String {
        "\(day)-\(Self.monthNames[month - 1])-\(Self.fourDigits(year))"
    }

    static func fourDigits(_ value: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, 4 - text.count)) + text
    }

    static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }
}

extension IMAPDateTime: CustomStringConvertible {
    /// The wire form with its quotes: `"17-Jul-1996 02:44:25 -0700"`, the day padded with a space.
    public var description: String {
        let day = date.day < 10 ? " \(date.day)" : String(date.day)
        let zone = (zoneMinutes < 0 ? "-" : "+") + IMAPDate.twoDigits(abs(zoneMinutes) / 60)
            + IMAPDate.twoDigits(abs(zoneMinutes) % 60)
        let time = [hour, minute, second].map(IMAPDate.twoDigits).joined(separator: ":")
        return "\"\(day)-\(IMAPDate.monthNames[date.month - 1])-\(IMAPDate.fourDigits(date.year)) \(time) \(zone)\""
    }
}
