import Foundation
import MailCore
import MailStore

extension MailQueue {
    /// The queue's settings; the defaults are Postfix's where Postfix has one.
    public struct Configuration: Sendable {
        /// `myhostname`: the `Reporting-MTA` and the `MAILER-DAEMON@` domain of bounces.
        /// Default: the system host name.
        public var hostName: String
        /// How many messages are delivered at once (Postfix's `default_process_limit` for local(8) is
        /// 100; mailroom's deliveries share one small thread pool, so fewer). Default: 4.
        public var deliveryConcurrency: Int
        /// Back-off and lifetime of deferred messages.
        public var retryPolicy: RetryPolicy
        /// What bounces return and which notices the postmaster gets.
        public var notices = NoticePolicy()
        /// The envelope recipients a notice to an address goes to: aliases expanded, as for mail
        /// received (`postmaster` is an alias of `root` on most hosts); `nil` sends to the address
        /// as it is.
        public var noticeRecipients: (@Sendable (String) -> [MessageRecipient]?)?
        /// How often the spool is scanned for messages the scheduler does not know (written by another
        /// process); Postfix's `queue_run_delay`. Default: 300 seconds.
        public var queueRunDelay: Duration
        /// The wall clock for arrival dates and retry times; tests replace it.
        public var now: @Sendable () -> Date
        /// Called after each delivery attempt; for tests and for monitoring.
        public var attemptObserver: (@Sendable (AttemptReport) -> Void)?

        public init(
            hostName: String = MailboxDeliveryAgent.Configuration.systemHostName(),
            deliveryConcurrency: Int = 4,
            retryPolicy: RetryPolicy = RetryPolicy(),
            queueRunDelay: Duration = .seconds(300),
            now: @escaping @Sendable () -> Date = { Date() },
            attemptObserver: (@Sendable (AttemptReport) -> Void)? = nil
        ) {
            self.hostName = hostName
            self.deliveryConcurrency = max(1, deliveryConcurrency)
            self.retryPolicy = retryPolicy
            self.queueRunDelay = queueRunDelay
            self.now = now
            self.attemptObserver = attemptObserver
        }
    }

    /// What one delivery attempt of one message did.
    public struct AttemptReport: Sendable, Hashable {
        /// What happened to one recipient in this attempt.
        public enum Outcome: Sendable, Hashable {
            /// Stored or handed on; the text says where.
            case delivered(String)
            /// Failed for good; a bounce went to the sender (or none was due: null sender, `NOTIFY`).
            case failed(DeliveryFailure)
            /// Failed for now; tried again later.
            case deferred(DeliveryFailure)
        }

        /// One recipient tried in the attempt.
        public struct Recipient: Sendable, Hashable {
            /// The envelope address.
            public var address: String
            /// What happened.
            public var outcome: Outcome
        }

        /// The queue ID.
        public var id: String
        /// Each recipient tried in this attempt, with its outcome, in envelope order.
        public var recipients: [Recipient]
        /// The queue ID of the bounce this attempt produced.
        public var bounceID: String?
        /// When the message is tried again; `nil` when it has left the queue.
        public var nextAttempt: Date?
        /// Set when the attempt could not run at all (an unreadable queue file, a spool error).
        public var error: String?
    }
}
