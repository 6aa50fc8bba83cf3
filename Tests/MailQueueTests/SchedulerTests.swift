import Foundation
import MailCore
import Testing
@testable import MailQueue

@Suite("Scheduler: the service loop, the schedule and the retry rules")
struct SchedulerTests {
    @Test("the running service delivers a committed message at once, woken by the commit")
    func serviceDeliversOnCommit() async throws {
        try await withTemporaryDirectory { directory in
            let (stream, continuation) = AsyncStream.makeStream(of: MailQueue.AttemptReport.self)
            let delivery = RecordingDelivery()
            let queue = try MailQueue(
                directory: directory + "/queue",
                configuration: .init(hostName: "mx.example.test", attemptObserver: { continuation.yield($0) }),
                mailboxDelivery: delivery,
                mailboxResolver: resolver(),
                isLocalAddress: isLocal,
                threadPool: testThreadPool
            )
            try await withThrowingTaskGroup { group in
                group.addTask { try await queue.run() }
                var iterator = stream.makeAsyncIterator()
                for index in 0..<10 {
                    let id = try await send(largeMessage(size: 3000, tag: "\(index)"), from: "a@example.org", to: [recipient("bob@example.test")], into: queue)
                    let report = await iterator.next()
                    #expect(report?.id == id)
                    #expect(report?.nextAttempt == nil)
                }
                group.cancelAll()
            }
            #expect(delivery.stored(in: "/mail/bob").count == 10)
            #expect(entries(directory + "/queue/active").isEmpty)
        }
    }

    @Test("pickUp() makes the running service deliver what another process committed, without waiting")
    func pickUpFromAnotherProcess() async throws {
        try await withTemporaryDirectory { directory in
            let (stream, continuation) = AsyncStream.makeStream(of: MailQueue.AttemptReport.self)
            let delivery = RecordingDelivery()
            let queue = try MailQueue(
                directory: directory + "/queue",
                configuration: .init(hostName: "mx.example.test", queueRunDelay: .seconds(3600),
                                     attemptObserver: { continuation.yield($0) }),
                mailboxDelivery: delivery, mailboxResolver: resolver(), isLocalAddress: isLocal, threadPool: testThreadPool
            )
            try await withThrowingTaskGroup { group in
                group.addTask { try await queue.run() }
                var iterator = stream.makeAsyncIterator()
                // Once a message of its own is delivered, the service is past its start-up scan.
                let own = try await send(sampleMessage, from: "a@example.org", to: [recipient("bob@example.test")], into: queue)
                #expect(await iterator.next()?.id == own)
                let sendmail = try makeQueue(directory)
                let other = try await send(sampleMessage, from: "a@example.org", to: [recipient("alice@example.test")], into: sendmail)
                queue.pickUp()
                #expect(await iterator.next()?.id == other)
                group.cancelAll()
            }
            #expect(delivery.stored(in: "/mail/alice").count == 1)
        }
    }

    @Test("the running service picks up what a previous run left in the spool")
    func serviceRecovers() async throws {
        try await withTemporaryDirectory { directory in
            do {
                let earlier = try makeQueue(directory)
                for _ in 0..<5 {
                    try await send(sampleMessage, from: "a@example.org", to: [recipient("bob@example.test")], into: earlier)
                }
            }
            let (stream, continuation) = AsyncStream.makeStream(of: MailQueue.AttemptReport.self)
            let delivery = RecordingDelivery()
            let queue = try MailQueue(
                directory: directory + "/queue",
                configuration: .init(hostName: "mx.example.test", deliveryConcurrency: 2, attemptObserver: { continuation.yield($0) }),
                mailboxDelivery: delivery, mailboxResolver: resolver(), isLocalAddress: isLocal, threadPool: testThreadPool
            )
            await withThrowingTaskGroup { group in
                group.addTask { try await queue.run() }
                var seen = 0
                for await _ in stream {
                    seen += 1
                    if seen == 5 { break }
                }
                group.cancelAll()
            }
            #expect(delivery.stored(in: "/mail/bob").count == 5)
        }
    }

    @Test("schedule: first come first served, limits, retry times, no duplicates")
    func schedule() {
        let now = Date(timeIntervalSince1970: 1000)
        var schedule = DeliverySchedule()
        let added = [
            schedule.add("A", due: nil, now: now),
            schedule.add("B", due: nil, now: now),
            schedule.add("C", due: now.addingTimeInterval(60), now: now),
            schedule.add("A", due: nil, now: now),
        ]
        #expect(added == [true, true, true, false])
        let first = schedule.takeDue(now: now, limit: 1)
        #expect(first == ["A"])
        let again = schedule.add("A", due: nil, now: now)
        #expect(!again)
        let second = schedule.takeDue(now: now, limit: 5)
        #expect(second == ["B"])
        #expect(schedule.nextDue == now.addingTimeInterval(60))
        schedule.finish("A", next: nil)
        schedule.finish("B", next: now.addingTimeInterval(30))
        #expect(schedule.count == 2)
        let early = schedule.takeDue(now: now.addingTimeInterval(29), limit: 5)
        #expect(early.isEmpty)
        let due = schedule.takeDue(now: now.addingTimeInterval(60), limit: 5)
        #expect(due == ["B", "C"])
        schedule.finish("B", next: now.addingTimeInterval(500))
        schedule.makeAllDue()
        let flushed = schedule.takeDue(now: now, limit: 5)
        #expect(flushed == ["B"])
    }

    @Test("schedule: a parked message stays in flight but frees its slot; finish unparks it")
    func parking() {
        let now = Date(timeIntervalSince1970: 1000)
        var schedule = DeliverySchedule()
        schedule.add("A", due: nil, now: now)
        schedule.add("B", due: nil, now: now)
        let early = schedule.park("A")
        #expect(!early, "only a message in flight can be parked")
        #expect(schedule.takeDue(now: now, limit: 1) == ["A"])
        let parked = schedule.park("A")
        #expect(parked)
        #expect(schedule.activeCount == 0 && schedule.isInFlight("A"))
        let withdrawn = schedule.withdraw("A")
        #expect(!withdrawn, "a parked message is still being delivered")
        let next = schedule.takeDue(now: now, limit: 1 - schedule.activeCount)
        #expect(next == ["B"])
        schedule.unpark("A")
        #expect(schedule.activeCount == 2, "taking a slot back does not wait for one (DeliverySlot's documented brief overshoot)")
        _ = schedule.park("A")
        schedule.finish("A", next: nil)
        #expect(schedule.parked.isEmpty && schedule.activeCount == 1)
    }

    @Test("past the parking limit a waiting message keeps its slot")
    func parkingLimit() {
        let now = Date(timeIntervalSince1970: 1000)
        var schedule = DeliverySchedule(maximumParked: 1)
        schedule.add("A", due: nil, now: now)
        schedule.add("B", due: nil, now: now)
        _ = schedule.takeDue(now: now, limit: 2)
        let first = schedule.park("A"), second = schedule.park("B")
        #expect(first && !second)
        #expect(schedule.activeCount == 1)
    }

    @Test("one delivery slot: a message waiting for room at its destination gives the slot back, and another is delivered meanwhile")
    func waitingDeliveryFreesItsSlot() async throws {
        try await withTemporaryDirectory { directory in
            let (stream, continuation) = AsyncStream.makeStream(of: MailQueue.AttemptReport.self)
            let delivery = RecordingDelivery()
            let gate = QueueGate()
            let queue = try MailQueue(
                directory: directory + "/queue",
                configuration: .init(hostName: "mx.example.test", deliveryConcurrency: 1, attemptObserver: { continuation.yield($0) }),
                mailboxDelivery: delivery, mailboxResolver: resolver(), isLocalAddress: isLocal,
                remoteTransport: WaitingTransport(gate: gate), threadPool: testThreadPool)
            try await withThrowingTaskGroup { group in
                group.addTask { try await queue.run() }
                var iterator = stream.makeAsyncIterator()
                let slow = try await send(sampleMessage, from: "a@example.org", to: [recipient("bob@slow.example")], into: queue)
                await gate.waitUntilWaiting()
                let local = try await send(sampleMessage, from: "a@example.org", to: [recipient("bob@example.test")], into: queue)
                #expect(await iterator.next()?.id == local, "delivered while the slow one waits, with the only slot")
                await gate.open()
                #expect(await iterator.next()?.id == slow)
                group.cancelAll()
            }
        }
    }

    @Test("Postfix back-off: doubling from minimal_backoff_time, capped at maximal_backoff_time")
    func retryPolicy() {
        let policy = RetryPolicy()
        #expect((1...7).map { policy.backoffSeconds(afterAttempts: $0) } == [300, 600, 1200, 2400, 4000, 4000, 4000])
        #expect(!policy.hasExpired(arrival: 0, now: 5 * 86_400 - 1))
        #expect(policy.hasExpired(arrival: 0, now: 5 * 86_400))
    }

    @Test("settlement: delivered, bounced, dropped and deferred recipients")
    func settlement() {
        let envelope = MessageEnvelope(sender: "a@example.org", recipients: [
            recipient("bob@example.test"), recipient("x@example.test"), recipient("y@example.test", notify: ["NEVER"]), recipient("carol@example.test"),
        ])
        let permanent = DeliveryFailure(status: "5.1.1", reason: "unknown user")
        let temporary = DeliveryFailure(status: "4.2.0", reason: "locked")
        let settlement = AttemptSettlement(
            envelope: envelope, progress: DeliveryProgress(),
            results: [0: .delivered("ok"), 1: .failed(permanent), 2: .failed(permanent), 3: .failed(temporary)],
            arrival: 1000, now: 2000, policy: RetryPolicy()
        )
        #expect(settlement.delivered == [0])
        #expect(settlement.bounced.map(\.index) == [1])
        #expect(settlement.dropped.map(\.index) == [2])
        #expect(settlement.deferred.map(\.index) == [3])
        #expect(settlement.progress.completed == [0, 1, 2])
        #expect(settlement.progress.attempts == 1)
        #expect(settlement.progress.nextAttempt == 2300)
        #expect(settlement.progress.lastFailures == ["3": temporary])
        #expect(!settlement.isFinished)
    }
}

/// A transport whose deliveries wait (their queue slot given back) until the gate opens.
struct WaitingTransport: RemoteTransport {
    let gate: QueueGate

    func deliver(_ message: SpooledMessage, to recipients: [MessageRecipient]) async -> [RecipientResult] {
        await deliver(message, to: recipients, slot: .unmanaged)
    }

    func deliver(_ message: SpooledMessage, to recipients: [MessageRecipient], slot: DeliverySlot) async -> [RecipientResult] {
        await slot.whileWaiting { await gate.wait() }
        return recipients.map { _ in .delivered("250 2.0.0 Ok", relay: "slow.example[192.0.2.1]:25") }
    }
}

/// Holds waiters until opened; says when the first one waits.
actor QueueGate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var watchers: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if isOpen { return }
        watchers.forEach { $0.resume() }
        watchers = []
        await withCheckedContinuation { waiters.append($0) }
    }

    func waitUntilWaiting() async {
        if !waiters.isEmpty { return }
        await withCheckedContinuation { watchers.append($0) }
    }

    func open() {
        isOpen = true
        waiters.forEach { $0.resume() }
        waiters = []
    }
}
