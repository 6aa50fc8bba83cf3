import Foundation
import Logging
import MailCore
import MailStore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The mail queue: mailroom's Postfix cleanup(8) + qmgr(8) + local(8) + bounce(8).
///
/// As a ``MessageSink`` it takes messages from the SMTP, LMTP and sendmail front ends and makes each
/// durable before its transaction's `commit()` returns (see ``Spool`` for the files and the syncs).
/// As a `Service` it delivers them: each committed message at once (the commit wakes the scheduler),
/// at most ``Configuration/deliveryConcurrency`` at a time, local recipients into their mailboxes
/// through a ``MailStore/MailboxDelivery`` with `Return-Path:`, `X-Original-To:` and `Delivered-To:`
/// prepended as Postfix local(8) writes them, remote ones through a ``RemoteTransport``. Temporary
/// failures are retried with Postfix's back-off (``RetryPolicy``); permanent failures, and temporary
/// ones that outlive the queue lifetime, are returned to the sender in an RFC 3464 bounce, which is
/// itself queued like any message.
///
/// All file I/O and every mailbox delivery runs on the injected `NIOThreadPool`, never on Swift's
/// cooperative executor; give it a few more threads than the number of concurrent deliveries plus
/// concurrent SMTP sessions, since each commit's `fsync` holds a thread.
///
/// Delivery is at least once: a crash after a mailbox has the message but before the queue file is
/// removed delivers it again on restart (as with Postfix). A message delivered at its first attempt
/// costs no write to the spool beyond its commit and the final `unlink`.
public final class MailQueue: MessageSink, Service {
    let spool: Spool
    let configuration: Configuration
    let threadPool: NIOThreadPool
    let ids = QueueIDGenerator()
    let activeDirectorySync: DirectorySync
    let mailboxDelivery: any MailboxDelivery
    let mailboxResolver: @Sendable (String) throws -> MailboxLocation?
    let isLocalAddress: @Sendable (String) -> Bool
    let remoteTransport: (any RemoteTransport)?
    let logger: Logger
    let schedule = Mutex(DeliverySchedule())
    let wakeup = Wakeup()
    let stopping = Atomic<Bool>(false)
    /// Messages committed by this process and not yet attempted. Any other message in the queue may
    /// have reached some mailboxes before a crash, so its deliveries check for an earlier copy first.
    let committedHere = Mutex(Set<String>())
    /// Set by ``pickUp()``: scan the spool at the next wake-up instead of after `queueRunDelay`.
    let pickUpRequested = Atomic<Bool>(false)
    /// ``flush()`` was called and no scan of the spool has taken it into account yet.
    let flushRequested = Atomic<Bool>(false)
    /// Deletions and holds asked for while the message was being delivered (``control(_:ids:)``).
    let pendingControl = Mutex<[String: QueueControlAction]>([:])

    /// A queue in `directory` (created when missing, with `tmp/`, `active/`, `defer/`, `corrupt/`).
    ///
    /// - Parameters:
    ///   - directory: the queue directory, `$data_directory/queue`.
    ///   - mailboxDelivery: stores local messages (``MailStore/MailboxDeliveryAgent``).
    ///   - mailboxResolver: a local recipient's INBOX; `nil` when there is no such account (the recipient
    ///     bounces with `5.1.1`). Called on the thread pool; it may block. A thrown
    ///     ``MailStore/MailStoreError`` keeps its status; any other error defers the recipient (`4.3.0`).
    ///   - isLocalAddress: whether a bounce to this sender address is delivered here.
    ///   - remoteTransport: the way out for remote recipients; `nil` keeps them queued.
    ///   - threadPool: where file I/O and mailbox deliveries run.
    public init(
        directory: String,
        configuration: Configuration = Configuration(),
        mailboxDelivery: any MailboxDelivery,
        mailboxResolver: @escaping @Sendable (String) throws -> MailboxLocation?,
        isLocalAddress: @escaping @Sendable (String) -> Bool,
        remoteTransport: (any RemoteTransport)? = nil,
        threadPool: NIOThreadPool = .singleton,
        logger: Logger = Logger(label: "mailroom.queue")
    ) throws {
        spool = Spool(root: directory)
        try spool.createDirectories()
        self.configuration = configuration
        self.threadPool = threadPool
        self.mailboxDelivery = mailboxDelivery
        self.mailboxResolver = mailboxResolver
        self.isLocalAddress = isLocalAddress
        self.remoteTransport = remoteTransport
        self.logger = logger
        activeDirectorySync = DirectorySync(path: spool.activeDirectory, threadPool: threadPool)
    }

    /// The queue directory.
    public var directory: String { spool.root }

    // MARK: - MessageSink

    public func startMessage(_ envelope: MessageEnvelope) async throws -> any MessageTransaction {
        let arrival = configuration.now()
        let header = QueueFileHeader(envelope: envelope, arrival: Int64(arrival.timeIntervalSince1970.rounded(.down)))
        return SpoolTransaction(queue: self, header: try header.encoded(), arrival: arrival)
    }

    /// Schedules a just-committed message and wakes the scheduler.
    func enqueue(_ id: String) {
        committedHere.withLock { _ = $0.insert(id) }
        let now = configuration.now()
        schedule.withLock { _ = $0.add(id, due: nil, now: now) }
        wakeup.signal()
    }

    // MARK: - Queue control

    /// Cleans up after a crash (``Spool/removeLeftovers()``) and schedules every committed message:
    /// deferred ones at their retry time, the rest at once. ``run()`` does this first; call it yourself
    /// only when driving the queue with ``deliverDueMessages()``.
    public func recover() async throws {
        let spool = spool
        let found = try await threadPool.runIfActive {
            try spool.removeLeftovers()
            return try spool.listCommitted()
        }
        schedule(found)
    }

    /// Schedules committed messages the scheduler does not know (written by another process).
    func rescan() async throws {
        let spool = spool
        schedule(try await threadPool.runIfActive { try spool.listCommitted() })
    }

    private func schedule(_ found: [(id: String, due: Date?)]) {
        let now = configuration.now()
        // A flush asked for while the spool was being read (at start-up) covers what it finds.
        let flushing = flushRequested.exchange(false, ordering: .acquiringAndReleasing)
        schedule.withLock { schedule in
            for message in found {
                schedule.add(message.id, due: flushing ? nil : message.due, now: now)
            }
        }
        wakeup.signal()
    }

    /// Another process (`mailroom sendmail`) committed messages into the spool: scan for them now
    /// rather than at the next periodic rescan (Postfix's pickup service, woken through its FIFO).
    public func pickUp() {
        pickUpRequested.store(true, ordering: .releasing)
        wakeup.signal()
    }

    /// Makes every deferred message due now (`postqueue -f`), also those the start-up scan of the
    /// spool has not scheduled yet.
    public func flush() {
        flushRequested.store(true, ordering: .releasing)
        if let remoteTransport {
            // The transport forgets its suspended destinations before the messages are taken.
            Task {
                await remoteTransport.flushed()
                schedule.withLock { $0.makeAllDue() }
                wakeup.signal()
            }
            return
        }
        schedule.withLock { $0.makeAllDue() }
        wakeup.signal()
    }

    /// How many messages the queue holds (due, deferred or being delivered).
    public var messageCount: Int {
        schedule.withLock { $0.count }
    }

    /// Delivers every message that is due by ``Configuration/now``, and the bounces that produces,
    /// then returns the number of attempts made. For tests and one-shot tools; a running ``run()``
    /// does this continuously.
    @discardableResult
    public func deliverDueMessages() async -> Int {
        var attempts = 0
        while true {
            let now = configuration.now()
            let batch = schedule.withLock { $0.takeDue(now: now, limit: configuration.deliveryConcurrency) }
            guard !batch.isEmpty else { return attempts }
            await withDiscardingTaskGroup { group in
                for id in batch {
                    group.addTask { await self.attemptAndReschedule(id) }
                }
            }
            attempts += batch.count
        }
    }

    func attemptAndReschedule(_ id: String) async {
        var next = await attempt(id)
        if next != nil, await applyPendingControl(id) {
            next = nil
        } else if next == nil {
            pendingControl.withLock { _ = $0.removeValue(forKey: id) }
        }
        schedule.withLock { $0.finish(id, next: next) }
        wakeup.signal()
    }
}
