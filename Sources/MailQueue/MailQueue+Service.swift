import Foundation
import Logging
import ServiceLifecycle
import Synchronization

extension MailQueue {
    /// Recovers the spool, then delivers until graceful shutdown (or cancellation).
    ///
    /// One loop takes due messages up to the concurrency limit and starts a child task for each;
    /// it then sleeps until a commit, a finished delivery, the next retry time or the periodic rescan
    /// (``Configuration/queueRunDelay``) wakes it. On graceful shutdown it starts no new delivery and
    /// returns when the running ones have finished; everything else stays in the spool for the next
    /// start.
    public func run() async throws {
        try await recover()
        await withGracefulShutdownHandler {
            await self.deliverUntilStopped()
        } onGracefulShutdown: {
            self.stopping.store(true, ordering: .relaxed)
            self.wakeup.signal()
        }
    }

    private func deliverUntilStopped() async {
        let clock = ContinuousClock()
        await withDiscardingTaskGroup { group in
            var lastScan = clock.now
            while !Task.isCancelled, !stopping.load(ordering: .relaxed) {
                let now = configuration.now()
                let limit = configuration.deliveryConcurrency
                let (batch, nextDue) = schedule.withLock { schedule in
                    (schedule.takeDue(now: now, limit: limit - schedule.activeCount), schedule.nextDue)
                }
                for id in batch {
                    group.addTask { await self.attemptAndReschedule(id) }
                }
                let pickUp = pickUpRequested.exchange(false, ordering: .acquiringAndReleasing)
                if pickUp || clock.now - lastScan >= configuration.queueRunDelay {
                    lastScan = clock.now
                    group.addTask {
                        do {
                            try await self.rescan()
                        } catch {
                            self.logger.error("cannot scan the queue directory", metadata: ["error": "\(error)"])
                        }
                    }
                }
                var delay = configuration.queueRunDelay - (clock.now - lastScan)
                if let nextDue {
                    let untilDue = Duration.milliseconds(Int64((nextDue.timeIntervalSince(now) * 1000).rounded(.up)))
                    delay = min(delay, max(.zero, untilDue))
                }
                let wakeup = wakeup
                let timer = Task {
                    try await Task.sleep(for: delay)
                    wakeup.signal()
                }
                await wakeup.wait()
                timer.cancel()
            }
        }
    }
}
