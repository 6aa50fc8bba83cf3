import Foundation

/// Dates as RFC 5322 §3.3 writes them (`Thu, 26 Nov 2026 01:23:45 +0000`), for trace headers. Built from
/// `localtime_r` fields with fixed English names, so the output never depends on the host's locale.
public enum RFC5322Date {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `date` in local time with its numeric zone, plus the zone's abbreviation as Postfix adds it
    /// (`Thu, 26 Nov 2026 01:23:45 +0000 (UTC)`).
    public static func format(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        localtime_r(&seconds, &parts)
        let offset = Int(parts.tm_gmtoff) / 60
        let zone = (offset < 0 ? "-" : "+") + twoDigits(abs(offset) / 60) + twoDigits(abs(offset) % 60)
        let abbreviation = parts.tm_zone.map { " (\(String(cString: $0)))" } ?? ""
        let time = [parts.tm_hour, parts.tm_min, parts.tm_sec].map { twoDigits(Int($0)) }.joined(separator: ":")
        return "\(days[Int(parts.tm_wday)]), \(parts.tm_mday) \(months[Int(parts.tm_mon)]) \(1900 + parts.tm_year) "
            + "\(time) \(zone)\(abbreviation)"
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
