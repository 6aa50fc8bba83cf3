import Foundation
import Synchronization

/// Makes queue IDs: 12 upper-case hex digits, like Postfix's short queue IDs
/// (postconf(5) `enable_long_queue_ids = no`).
///
/// The first 7 digits are the arrival time in seconds (modulo 2^28, about eight and a half years), so
/// IDs sort roughly by age in a listing; the last 5 are a counter that starts at a random value in each
/// process. That makes a repeat within one process impossible for a million messages a second, and
/// between processes (a restart in the same second, `mailroom sendmail` beside the server) unlikely;
/// the spool turns "unlikely" into "never" by creating `tmp/ID` with `O_EXCL` and checking that
/// `active/ID` is free before using an ID (see ``Spool``).
final class QueueIDGenerator: Sendable {
    private let counter: Mutex<UInt32>

    init() {
        counter = Mutex(UInt32.random(in: 0..<(1 << 20)))
    }

    func next(at date: Date) -> String {
        let sequence = counter.withLock { value in
            value = (value + 1) & 0xF_FFFF
            return value
        }
        let seconds = UInt64(max(0, date.timeIntervalSince1970)) & 0xFFF_FFFF
        return Self.hex(seconds, digits: 7) + Self.hex(UInt64(sequence), digits: 5)
    }

    private static func hex(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: digits - text.count) + text
    }

    /// Whether `name` looks like a queue ID, so stray files in the spool are left alone.
    static func isQueueID(_ name: String) -> Bool {
        (10...12).contains(name.utf8.count) && name.utf8.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
        }
    }
}
