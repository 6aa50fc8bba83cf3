import MailCore

/// What one delivery attempt means for a queued message; a pure function of the envelope, the
/// progress so far, the attempt's results and the time, so that the retry and bounce rules are tested
/// without a disk or a clock.
///
/// - A delivered recipient is done.
/// - A permanent failure is done, and is reported in a bounce unless no report is wanted: the null
///   sender never gets one (RFC 5321 §4.5.5), nor a recipient whose DSN `NOTIFY` excludes `FAILURE`
///   (RFC 3461 §4.1, `NEVER` included).
/// - A temporary failure is deferred: the message is tried again after the back-off, unless the queue
///   lifetime has run out, in which case the recipient fails with its last error, as Postfix does.
///   Once the message has waited `delay_warning_time` (when set), the sender is warned once about the
///   deferred recipients that want it (RFC 3461 §4.1 `DELAY`, or no `NOTIFY`, as Postfix does).
/// - A delivery is reported to the sender when the recipient asked for `NOTIFY=SUCCESS`: `delivered`
///   into a mailbox here, `relayed` to a server without DSN; a server with DSN was handed the request
///   and reports itself (RFC 3461 §6.2.2).
struct AttemptSettlement: Equatable, Sendable {
    struct FailedRecipient: Equatable, Sendable {
        var index: Int
        var failure: DeliveryFailure
    }

    /// A delivery the sender is told of.
    struct SucceededRecipient: Equatable, Sendable {
        var index: Int
        /// `delivered` or `relayed` (RFC 3464 §2.3.3).
        var action: String
        var reply: String
        var relay: String?
    }

    var delivered: [Int] = []
    /// Failed recipients the sender is told about.
    var bounced: [FailedRecipient] = []
    /// Failed recipients nobody is told about.
    var dropped: [FailedRecipient] = []
    /// Recipients to try again.
    var deferred: [FailedRecipient] = []
    /// Deferred recipients the sender is warned about now (`delay_warning_time`).
    var delayWarnings: [FailedRecipient] = []
    /// Deliveries the sender asked to hear about.
    var successes: [SucceededRecipient] = []
    /// The progress after this attempt, once the bounce (if any) is committed.
    var progress: DeliveryProgress
    /// Whether the expiry of the queue lifetime turned deferrals into failures.
    var expired = false

    /// Every recipient is done; the queue file can go.
    var isFinished: Bool { deferred.isEmpty }

    init(
        envelope: MessageEnvelope,
        progress previous: DeliveryProgress,
        results: [Int: RecipientResult],
        arrival: Int64,
        now: Int64,
        policy: RetryPolicy
    ) {
        progress = previous
        var failed: [FailedRecipient] = []
        for (index, result) in results.sorted(by: { $0.key < $1.key }) {
            switch result {
            case .delivered(let reply, let relay, let dsnPassedOn):
                delivered.append(index)
                let recipient = envelope.recipients[index]
                if !dsnPassedOn, Self.wantsReport("SUCCESS", recipient, sender: envelope.sender) {
                    successes.append(SucceededRecipient(index: index, action: relay == nil ? "delivered" : "relayed",
                                                        reply: reply, relay: relay))
                }
            case .failed(let failure) where failure.isPermanent:
                failed.append(FailedRecipient(index: index, failure: failure))
            case .failed(let failure):
                deferred.append(FailedRecipient(index: index, failure: failure))
            }
        }
        if !deferred.isEmpty, policy.hasExpired(arrival: arrival, now: now, isBounce: envelope.sender.isEmpty) {
            expired = true
            failed += deferred
            deferred = []
        }
        for recipient in failed {
            if Self.wantsFailureReport(envelope.recipients[recipient.index], sender: envelope.sender) {
                bounced.append(recipient)
            } else {
                dropped.append(recipient)
            }
        }
        progress.completed.formUnion(delivered)
        progress.completed.formUnion(failed.map(\.index))
        progress.lastFailures = [:]
        for recipient in deferred {
            progress.lastFailures[String(recipient.index)] = recipient.failure
        }
        if !deferred.isEmpty {
            progress.attempts += 1
            progress.nextAttempt = now + policy.backoffSeconds(afterAttempts: progress.attempts)
            if policy.isDelayWarningDue(arrival: arrival, now: now), progress.delayWarningSent != true {
                progress.delayWarningSent = true
                delayWarnings = deferred.filter { Self.wantsReport("DELAY", envelope.recipients[$0.index], sender: envelope.sender) }
            }
        }
    }

    /// RFC 3461 §4.1: without `NOTIFY` a failure is reported; `NOTIFY=NEVER` or a list without
    /// `FAILURE` asks for no report. RFC 5321 §4.5.5: never to the null sender.
    static func wantsFailureReport(_ recipient: MessageRecipient, sender: String) -> Bool {
        wantsReport("FAILURE", recipient, sender: sender)
    }

    /// Whether `recipient` wants a notice of `kind` (`FAILURE`, `DELAY`, `SUCCESS`): as its `NOTIFY`
    /// says; without one, failures and delays (RFC 3461 §4.1 leaves delays to the MTA; Postfix warns).
    /// Never to the null sender (RFC 5321 §4.5.5).
    static func wantsReport(_ kind: String, _ recipient: MessageRecipient, sender: String) -> Bool {
        guard !sender.isEmpty else { return false }
        guard let notify = recipient.notify else { return kind != "SUCCESS" }
        return notify.contains { $0.uppercased() == kind }
    }
}
