import Glibc

/// The `From ` line that starts each mbox entry: `From SENDER DATE`, DATE in the C `asctime` format
/// (`Thu Nov 26 00:30:00 2026`, local time), as Postfix local(8) and mail(1) write it (RFC 4155 §2).
enum MboxFromLine {
    /// The sender shown for the null reverse-path `<>`, as Postfix writes it.
    static let nullSender = "MAILER-DAEMON"

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The line, LF included, for a message from `sender` delivered at `time` (seconds since the epoch).
    static func make(sender: String, time: time_t) -> [UInt8] {
        var seconds = time
        var parts = tm()
        localtime_r(&seconds, &parts)
        return Array("From \(separatorSafe(sender)) \(asctime(parts))\n".utf8)
    }

    /// `asctime(3)` without its newline: `%.3s %.3s%3d %.2d:%.2d:%.2d %d`.
    static func asctime(_ parts: tm) -> String {
        let weekday = weekdays[Int(parts.tm_wday) % 7]
        let month = months[Int(parts.tm_mon) % 12]
        let day = parts.tm_mday < 10 ? " \(parts.tm_mday)" : "\(parts.tm_mday)"
        return "\(weekday) \(month) \(day) \(twoDigits(parts.tm_hour)):\(twoDigits(parts.tm_min)):"
            + "\(twoDigits(parts.tm_sec)) \(Int(parts.tm_year) + 1900)"
    }

    /// The sender as one word: readers split the line at spaces, so white space and control characters
    /// (possible in a quoted local part) become `_`; the null sender becomes `MAILER-DAEMON`.
    static func separatorSafe(_ sender: String) -> String {
        guard !sender.isEmpty else { return nullSender }
        let bytes = sender.utf8.map { $0 <= 0x20 || $0 == 0x7F ? UInt8(ascii: "_") : $0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func twoDigits(_ value: Int32) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    /// The time a `From ` line gives (`From SENDER Www Mmm dd hh:mm:ss yyyy`, local time, as ``make(sender:time:)``
    /// writes it); `nil` when the line has no such date.
    static func time(of line: [UInt8]) -> Int64? {
        let words = String(decoding: line, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" })
        guard words.count >= 7, let month = months.firstIndex(where: { $0 == words[words.count - 4] }),
              let day = Int32(words[words.count - 3]), let year = Int32(words[words.count - 1]), year >= 1970
        else { return nil }
        let clock = words[words.count - 2].split(separator: ":").compactMap { Int32($0) }
        guard clock.count == 3 else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = Int32(month)
        parts.tm_mday = day
        parts.tm_hour = clock[0]
        parts.tm_min = clock[1]
        parts.tm_sec = clock[2]
        parts.tm_isdst = -1
        let seconds = mktime(&parts)
        return seconds < 0 ? nil : Int64(seconds)
    }
}
