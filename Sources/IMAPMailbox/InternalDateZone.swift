import Glibc
import IMAPProtocol

/// The time zone in which INTERNALDATE is written (FETCH, RFC 9051 §2.3.3, §7.5.2) and in which SEARCH
/// BEFORE, ON and SINCE take its date ("disregarding time and timezone", §6.4.4): a fixed offset from UTC
/// that the driver chooses, as Dovecot uses the server's zone. mailroom's drivers pass the host's offset at
/// session start (a session spanning a daylight-saving change keeps its offset); the default is UTC.
public struct InternalDateZone: Hashable, Sendable {
    /// Minutes east of UTC, -1439 to 1439.
    public let minutesEast: Int

    /// The zone `minutesEast` minutes east of UTC, clamped to what `date-time` can write (±23:59).
    public init(minutesEast: Int) {
        self.minutesEast = min(max(minutesEast, -1439), 1439)
    }

    public static let utc = InternalDateZone(minutesEast: 0)

    /// The `date-time` of `seconds` since 1970 in this zone. Times outside years 0-9999 are clamped to them.
    public func dateTime(_ seconds: Int64) -> IMAPDateTime {
        let local = Self.clamped(seconds) + Int64(minutesEast * 60)
        let days = Self.floorDivide(local, 86_400)
        let secondOfDay = Int(local - days * 86_400)
        let date = Self.civilDate(days: days)
        return IMAPDateTime(date: date, hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60,
                            second: secondOfDay % 60, zoneMinutes: minutesEast)!
    }

    /// The calendar date of `seconds` since 1970 in this zone.
    public func date(_ seconds: Int64) -> IMAPDate {
        dateTime(seconds).date
    }

    /// -62167219200 is 0000-01-01T00:00:00Z, 253402300799 is 9999-12-31T23:59:59Z; a day of margin keeps the
    /// zone shift inside.
    private static func clamped(_ seconds: Int64) -> Int64 {
        min(max(seconds, -62_167_219_200 + 86_400), 253_402_300_799 - 86_400)
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (the inverse of `IMAPDateTime.secondsSince1970`).
    static func civilDate(days: Int64) -> IMAPDate {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
        let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        let year = Int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0)
        return IMAPDate(year: year, month: month, day: day)!
    }
}

extension InternalDateZone {
    /// The host's offset from UTC now (`localtime_r`'s `tm_gmtoff`), as Dovecot writes INTERNALDATE.
    public static var host: InternalDateZone {
        var now = time(nil)
        var parts = tm()
        guard localtime_r(&now, &parts) != nil else { return .utc }
        return InternalDateZone(minutesEast: parts.tm_gmtoff / 60)
    }
}
