import Testing
@testable import OutboundDelivery

/// Holds tasks until it is opened.
actor Gate {
    private var isOpen = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func open() {
        isOpen = true
        waiting.forEach { $0.resume() }
        waiting = []
    }
}

/// Counts started deliveries per destination.
actor Tally {
    private(set) var counts: [String: Int] = [:]
    func add(_ key: String) { counts[key, default: 0] += 1 }
}

@Suite("Deliveries per destination (default_destination_concurrency_limit)")
struct DestinationSlotsTests {
    @Test("at most `limit` deliveries to one destination at once while others go on; every waiting one runs")
    func limit() async throws {
        let slots = DestinationSlots(limit: 2)
        let gate = Gate()
        let started = Tally()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<9 {
                let destination = index < 7 ? "busy.example" : "other.example"
                group.addTask {
                    await slots.withSlot(for: destination) {
                        await started.add(destination)
                        await gate.wait()
                    }
                }
            }
            // Until both destinations have started what their slots allow (at most 60 s, a hang guard: an
            // event, not a timing; parallel CPU-bound tests can hold the cooperative pool for seconds).
            let deadline = ContinuousClock.now + .seconds(60)
            var counts: [String: Int] = [:]
            while counts["busy.example", default: 0] < 2 || counts["other.example"] != 2, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
                counts = await started.counts
            }
            #expect(await slots.inUse("busy.example") == 2)
            #expect(await started.counts["busy.example"] == 2, "the other five wait")
            await gate.open()
            try await group.waitForAll()
        }
        #expect(await started.counts["busy.example"] == 7)
        #expect(await slots.inUse("busy.example") == 0)
    }

    @Test("default_destination_rate_delay: one delivery at a time, each after the delay since the last one ended")
    func rateDelay() async {
        let pauses = Pauses()
        let slots = DestinationSlots(limit: 20, rateDelay: .seconds(60)) { await pauses.add($0) }
        #expect(await slots.limit == 1)
        for _ in 0..<3 {
            await slots.withSlot(for: "slow.example") {}
        }
        await slots.withSlot(for: "other.example") {}
        let asked = await pauses.all
        #expect(asked.count == 2, "the first delivery to each destination does not wait: \(asked)")
        #expect(asked.allSatisfy { $0 > .seconds(50) && $0 <= .seconds(60) })
    }
}

/// Records the pauses asked for instead of sleeping.
actor Pauses {
    private(set) var all: [Duration] = []
    func add(_ pause: Duration) { all.append(pause) }
}
