/// How many deliveries may talk to one destination at once (Postfix's
/// `default_destination_concurrency_limit`): a delivery beyond the limit waits for one to finish, so
/// a busy destination is never sent more connections than it allows, and one that is slow or dead
/// ties up at most that many deliveries.
actor DestinationSlots {
    let limit: Int
    private var busy: [String: Int] = [:]
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Runs `body` once a slot for `destination` is free, and frees it afterwards.
    func withSlot<T: Sendable>(for destination: String, _ body: @Sendable () async -> T) async -> T {
        await acquire(destination)
        let result = await body()
        release(destination)
        return result
    }

    /// Deliveries under way to `destination` (for tests).
    func inUse(_ destination: String) -> Int { busy[destination] ?? 0 }

    private func acquire(_ destination: String) async {
        if busy[destination, default: 0] < limit {
            busy[destination, default: 0] += 1
            return
        }
        // The slot passes straight from the delivery that frees it (release), so the count stays.
        await withCheckedContinuation { waiting[destination, default: []].append($0) }
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
