import MailQueue

/// How many deliveries may talk to one destination at once (Postfix's
/// `default_destination_concurrency_limit`): a delivery beyond the limit waits for one to finish, so
/// a busy destination is never sent more connections than it allows. A destination none of whose
/// hosts could be reached is suspended for a while (Postfix's "delivery temporarily suspended"): the
/// deliveries for it, waiting or new, are deferred at once instead of each waiting for its own
/// connect timeouts, so a dead destination does not hold the queue's delivery slots.
///
/// With a rate delay (Postfix's `default_destination_rate_delay`) deliveries to one destination go
/// one at a time, each starting at least the delay after the previous one ended.
actor DestinationSlots {
    let limit: Int
    /// How long a destination stays suspended.
    let suspensionTime: Duration
    /// The least time between the end of one delivery to a destination and the start of the next.
    let rateDelay: Duration
    private let sleep: @Sendable (Duration) async -> Void
    private var busy: [String: Int] = [:]
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]
    private var suspended: [String: (until: ContinuousClock.Instant, reason: String)] = [:]
    private var lastEnded: [String: ContinuousClock.Instant] = [:]

    /// `sleep` waits out the rate delay (tests pass one that records instead).
    init(limit: Int, suspensionTime: Duration = .seconds(300), rateDelay: Duration = .zero,
         sleep: @escaping @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) }) {
        self.limit = rateDelay > .zero ? 1 : max(1, limit)
        self.suspensionTime = suspensionTime
        self.rateDelay = rateDelay
        self.sleep = sleep
    }

    /// Why deliveries to `destination` are suspended now, if they are.
    func suspension(of destination: String) -> String? {
        guard let entry = suspended[destination] else { return nil }
        guard ContinuousClock.now < entry.until else {
            suspended[destination] = nil
            return nil
        }
        return entry.reason
    }

    /// No host of `destination` could be reached: suspend it for ``suspensionTime``.
    func suspend(_ destination: String, because reason: String) {
        suspended[destination] = (ContinuousClock.now + suspensionTime, reason)
    }

    /// A host of `destination` answered: it is not suspended.
    func resume(_ destination: String) {
        suspended[destination] = nil
    }

    /// Every destination is tried again (`queue flush`).
    func resumeAll() {
        suspended = [:]
    }

    /// Runs `body` once a slot for `destination` is free, and frees it afterwards. While it waits,
    /// the queue's `queueSlot` is given back.
    func withSlot<T: Sendable>(for destination: String, queueSlot: DeliverySlot = .unmanaged,
                               _ body: @Sendable () async -> T) async -> T {
        await acquire(destination, queueSlot: queueSlot)
        if rateDelay > .zero, let ended = lastEnded[destination] {
            let wait = ended + rateDelay - ContinuousClock.now
            if wait > .zero { await queueSlot.whileWaiting { await sleep(wait) } }
        }
        let result = await body()
        if rateDelay > .zero {
            let now = ContinuousClock.now
            // Ends older than the delay make no one wait: forget them before the table grows.
            if lastEnded.count >= 1024 { lastEnded = lastEnded.filter { now - $0.value < rateDelay } }
            lastEnded[destination] = now
        }
        release(destination)
        return result
    }

    /// Deliveries under way to `destination` (for tests).
    func inUse(_ destination: String) -> Int { busy[destination] ?? 0 }

    private func acquire(_ destination: String, queueSlot: DeliverySlot) async {
        if busy[destination, default: 0] < limit {
            busy[destination, default: 0] += 1
            return
        }
        // The slot passes straight from the delivery that frees it (release), so the count stays.
        await queueSlot.whileWaiting {
            await withCheckedContinuation { waiting[destination, default: []].append($0) }
        }
    }

    private func release(_ destination: String) {
        if var queue = waiting[destination], !queue.isEmpty {
            let next = queue.removeFirst()
            waiting[destination] = queue.isEmpty ? nil : queue
            next.resume()
            return
        }
        busy[destination, default: 1] -= 1
        if busy[destination] == 0 { busy[destination] = nil }
    }
}
