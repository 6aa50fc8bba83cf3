import Foundation

/// Which queued messages are due, which wait for a retry time, and which are being delivered: the
/// scheduler's memory, a value type under the queue's mutex.
///
/// A message is in exactly one of `ready` (due now, first come first served), `waiting` (due at a
/// time) and `inFlight`, so it is never delivered twice at once, and a rescan of the spool adds only
/// IDs it does not know.
struct DeliverySchedule {
    private var ready: [String] = []
    private var readyHead = 0
    private var waiting: [String: Date] = [:]
    private var earliestWaiting: Date?
    private(set) var inFlight: Set<String> = []
    /// Messages in flight that wait for room at a busy destination, their delivery slot given back
    /// (``DeliverySlot``); at most ``maximumParked``.
    private(set) var parked: Set<String> = []
    /// Every ID in any of the three.
    private var known: Set<String> = []

    /// Past this many waiting messages a delivery keeps its slot while it waits, so memory stays
    /// bounded (Postfix's `qmgr_message_active_limit`, 20000).
    let maximumParked: Int

    init(maximumParked: Int = 20_000) {
        self.maximumParked = maximumParked
    }

    /// Messages being delivered and holding one of the queue's delivery slots.
    var activeCount: Int { inFlight.count - parked.count }

    /// An in-flight message gives its slot back while it waits; `false` when it may not (not in
    /// flight, or too many wait already).
    mutating func park(_ id: String) -> Bool {
        guard inFlight.contains(id), parked.count < maximumParked else { return false }
        return parked.insert(id).inserted
    }

    /// A parked message goes on: it holds a slot again.
    mutating func unpark(_ id: String) {
        parked.remove(id)
    }

    /// Adds a message; `false` when it is already known. `due` `nil` means now.
    @discardableResult
    mutating func add(_ id: String, due: Date?, now: Date) -> Bool {
        guard known.insert(id).inserted else { return false }
        if let due, due > now {
            waiting[id] = due
            earliestWaiting = min(earliestWaiting ?? due, due)
        } else {
            ready.append(id)
        }
        return true
    }

    /// Takes up to `limit` due messages and marks them in flight.
    mutating func takeDue(now: Date, limit: Int) -> [String] {
        if let earliest = earliestWaiting, earliest <= now {
            let due = waiting.filter { $0.value <= now }.sorted { ($0.value, $0.key) < ($1.value, $1.key) }
            for (id, _) in due {
                waiting[id] = nil
                ready.append(id)
            }
            earliestWaiting = waiting.values.min()
        }
        var taken: [String] = []
        while taken.count < limit, readyHead < ready.count {
            let id = ready[readyHead]
            readyHead += 1
            inFlight.insert(id)
            taken.append(id)
        }
        if readyHead > 1024, readyHead * 2 > ready.count {
            ready.removeFirst(readyHead)
            readyHead = 0
        }
        return taken
    }

    /// Ends an attempt: the message waits until `next`, or is gone when `next` is `nil`.
    mutating func finish(_ id: String, next: Date?) {
        inFlight.remove(id)
        parked.remove(id)
        guard let next else {
            known.remove(id)
            return
        }
        waiting[id] = next
        earliestWaiting = min(earliestWaiting ?? next, next)
    }

    /// Takes a message out of the schedule (it is deleted or put on hold); false when it is being
    /// delivered right now (or not known).
    mutating func withdraw(_ id: String) -> Bool {
        guard known.contains(id), !inFlight.contains(id) else { return false }
        known.remove(id)
        if waiting.removeValue(forKey: id) != nil {
            earliestWaiting = waiting.values.min()
        } else if let index = ready[readyHead...].firstIndex(of: id) {
            ready.remove(at: index)
        }
        return true
    }

    /// Whether the message is being delivered right now.
    func isInFlight(_ id: String) -> Bool { inFlight.contains(id) }

    /// Makes every waiting message due now (`mailroom queue flush`, `postqueue -f`).
    mutating func makeAllDue() {
        ready += waiting.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.map(\.key)
        waiting = [:]
        earliestWaiting = nil
    }

    /// When the next waiting message becomes due.
    var nextDue: Date? { earliestWaiting }

    /// Messages due now that are not yet taken.
    var readyCount: Int { ready.count - readyHead }

    /// Messages the schedule knows, in every state.
    var count: Int { known.count }
}
