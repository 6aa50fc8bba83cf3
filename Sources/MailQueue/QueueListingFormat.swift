import Foundation

/// How `mailroom queue list` (and the binary run as `mailq`) prints the queue: Postfix's `mailq`
/// layout, or one JSON object per message as Postfix's `postqueue -j` writes them.
public enum QueueListingFormat {
    /// Postfix's `mailq` text: a header, then per message its ID (`!` when it is held, `*` when no
    /// attempt has deferred it yet), size, arrival time and sender, the reason of the last attempt, and each recipient still to
    /// do; a total at the end. `Mail queue is empty` when it is.
    public static func text(_ messages: [QueuedMessage], timeZone: TimeZone = .current) -> String {
        guard !messages.isEmpty else { return "Mail queue is empty\n" }
        var out = "-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n"
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "EEE MMM"
        let clock = DateFormatter()
        clock.locale = formatter.locale
        clock.timeZone = timeZone
        clock.dateFormat = "HH:mm:ss"
        let calendar = Calendar(identifier: .gregorian)
        // `Mon Jan  1 12:00:00`, as ctime(3) writes it without the year; the formatters made once.
        func arrivalTime(_ date: Date) -> String {
            let day = calendar.dateComponents(in: timeZone, from: date).day ?? 0
            return formatter.string(from: date) + " " + String(day).leftPadded(to: 2) + " " + clock.string(from: date)
        }
        for message in messages {
            let id = message.id + (message.isHeld ? "!" : message.isDeferred ? " " : "*")
            out += id.padding(toLength: max(11, id.count), withPad: " ", startingAt: 0)
            out += String(message.size).leftPadded(to: 8) + " " + arrivalTime(message.arrival)
            out += "  " + (message.sender.isEmpty ? "MAILER-DAEMON" : message.sender) + "\n"
            var lastReason: String?
            for recipient in message.recipients {
                if let reason = recipient.delayReason, reason != lastReason {
                    out += "        (" + reason + ")\n"
                    lastReason = reason
                }
                out += String(repeating: " ", count: 41) + recipient.address + "\n"
            }
            out += "\n"
        }
        let kilobytes = (messages.reduce(Int64(0)) { $0 + $1.size } + 1023) / 1024
        out += "-- \(kilobytes) Kbytes in \(messages.count) Request\(messages.count == 1 ? "" : "s").\n"
        return out
    }

    /// One JSON object per line, with `postqueue -j`'s field names.
    public static func json(_ messages: [QueuedMessage]) -> String {
        messages.map { message in
            var object: [String: Any] = [
                "queue_name": message.isHeld ? "hold" : message.isDeferred ? "deferred" : "active",
                "queue_id": message.id,
                "arrival_time": Int64(message.arrival.timeIntervalSince1970),
                "message_size": message.size,
                "forced_expire": false,
                "sender": message.sender,
                "recipients": message.recipients.map { recipient -> [String: String] in
                    var fields = ["address": recipient.address]
                    fields["delay_reason"] = recipient.delayReason
                    return fields
                },
            ]
            if let next = message.nextAttempt, message.isDeferred { object["next_attempt"] = Int64(next.timeIntervalSince1970) }
            let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            return (data.map { String(decoding: $0, as: UTF8.self) } ?? "{}") + "\n"
        }.joined()
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
