import Foundation
import Logging
import MailCore
import MailStore
import MailroomConfig
import NIOPosix
import Synchronization

extension MailQueue {
    /// What the blocking half of an attempt found and did.
    struct LocalAttempt: Sendable {
        var header: QueueFileHeader
        var message: SpooledMessage
        var progress: DeliveryProgress
        /// Results of the local recipients tried.
        var results: [Int: RecipientResult]
        /// Remote recipients still to do.
        var remote: [Int]
        /// Every recipient was local and got the message, so the queue file is already removed (the
        /// common case, done in the same thread-pool job as the delivery).
        var removed = false
    }

    /// One delivery attempt of message `id`; returns when to try again, `nil` when the message has left
    /// the queue.
    func attempt(_ id: String) async -> Date? {
        let now = configuration.now()
        let nowSeconds = Int64(now.timeIntervalSince1970.rounded(.down))
        let loaded: LocalAttempt?
        do {
            let recovered = committedHere.withLock { $0.remove(id) == nil }
            loaded = try await threadPool.runIfActive { try self.deliverLocally(id, recovered: recovered) }
        } catch let error as QueueError where error.code == .corruptQueueFile {
            logger.error("queue file moved to corrupt/", metadata: ["queue-id": "\(id)", "error": "\(error)"])
            let spool = spool
            _ = try? await threadPool.runIfActive { spool.quarantine(id) }
            report(AttemptReport(id: id, recipients: [], error: "\(error)"))
            return nil
        } catch {
            let next = now.addingTimeInterval(TimeInterval(configuration.retryPolicy.backoffSeconds(afterAttempts: 1)))
            logger.error("cannot read queue file", metadata: ["queue-id": "\(id)", "error": "\(error)"])
            report(AttemptReport(id: id, recipients: [], nextAttempt: next, error: "\(error)"))
            return next
        }
        // Already delivered and removed (a rescan raced with the end of an attempt).
        guard let loaded else { return nil }

        var results = loaded.results
        if !loaded.remote.isEmpty {
            let recipients = loaded.remote.map { loaded.header.envelope.recipients[$0] }
            let remoteResults: [RecipientResult]
            if let remoteTransport {
                let slot = DeliverySlot(
                    give: { [self] in
                        if schedule.withLock({ $0.park(id) }) { wakeup.signal() }
                    },
                    take: { [self] in schedule.withLock { $0.unpark(id) } })
                remoteResults = await remoteTransport.deliver(loaded.message, to: recipients, slot: slot)
            } else {
                remoteResults = []
            }
            for (position, index) in loaded.remote.enumerated() {
                results[index] = position < remoteResults.count
                    ? remoteResults[position]
                    : .failed(Self.noTransportFailure(remoteTransport == nil))
            }
        }

        let settlement = AttemptSettlement(
            envelope: loaded.header.envelope, progress: loaded.progress, results: results,
            arrival: loaded.header.arrival, now: nowSeconds, policy: configuration.retryPolicy
        )
        var progress = settlement.progress
        var finished = settlement.isFinished
        var bounceID: String?
        if !settlement.bounced.isEmpty {
            do {
                bounceID = try await sendBounce(for: loaded, failures: settlement.bounced, now: now)
            } catch {
                // Without its bounce a failure is not done: it is tried (and fails) again later.
                logger.error("cannot queue bounce", metadata: ["queue-id": "\(id)", "error": "\(error)"])
                progress.completed.subtract(settlement.bounced.map(\.index))
                if finished {
                    finished = false
                    progress.attempts += 1
                    progress.nextAttempt = nowSeconds + configuration.retryPolicy.backoffSeconds(afterAttempts: progress.attempts)
                }
            }
        }

        await sendOtherNotices(for: loaded, settlement: settlement, now: now)

        let spool = spool
        let finalProgress = progress
        let done = finished
        if !loaded.removed {
            do {
                try await threadPool.runIfActive {
                    if done {
                        try spool.remove(id)
                    } else {
                        try spool.writeProgress(finalProgress, for: id)
                    }
                }
            } catch {
                logger.error("cannot update queue file", metadata: ["queue-id": "\(id)", "error": "\(error)"])
            }
        }

        let next = finished ? nil : progress.nextAttemptDate
        log(id: id, loaded: loaded, results: results, settlement: settlement, bounceID: bounceID, next: next, now: now)
        report(attemptReport(id: id, envelope: loaded.header.envelope, results: results, settlement: settlement, bounceID: bounceID, next: next))
        return next
    }

    static func noTransportFailure(_ missing: Bool) -> DeliveryFailure {
        missing
            ? DeliveryFailure(status: "4.3.5", reason: "no outbound transport configured")
            : DeliveryFailure(status: "4.3.0", reason: "outbound transport returned no result")
    }

    // MARK: - Blocking work (thread pool)

    /// Opens the queue file, delivers to every local recipient not yet done, and notes the remote
    /// ones; `nil` when the queue file is gone. For a `recovered` message (not committed by this process
    /// since it started) each mailbox is first asked whether it already has this delivery, so a crash
    /// between storing and unlinking the queue file does not deliver twice.
    func deliverLocally(_ id: String, recovered: Bool = false) throws(QueueError) -> LocalAttempt? {
        guard let file = try SpoolFile.openForReading(spool.activePath(id)) else { return nil }
        defer { file.closeQuietly() }
        let (header, offset) = try QueueFileHeader.read(from: file)
        var info = stat()
        guard fstat(file.descriptor, &info) == 0 else { throw .system(errno, "cannot stat", path: file.path) }
        let message = SpooledMessage(id: id, envelope: header.envelope, path: file.path, offset: offset, length: Int64(info.st_size) - offset)
        let progress: DeliveryProgress
        do {
            progress = try spool.readProgress(id) ?? DeliveryProgress()
        } catch {
            // Forgetting who already has the message can only deliver it twice, never lose it.
            logger.error("unreadable delivery progress; trying every recipient", metadata: ["queue-id": "\(id)", "error": "\(error)"])
            progress = DeliveryProgress()
        }

        var results: [Int: RecipientResult] = [:]
        var remote: [Int] = []
        var buffer = [UInt8](repeating: 0, count: SpoolTransaction.bufferCapacity)
        for (index, recipient) in header.envelope.recipients.enumerated() where !progress.completed.contains(index) {
            if recipient.isLocal {
                results[index] = deliver(file: file, offset: offset, sender: header.envelope.sender, to: recipient,
                                         deliveryID: "\(id)_\(index)", recovered: recovered, buffer: &buffer)
            } else {
                remote.append(index)
            }
        }
        var attempt = LocalAttempt(header: header, message: message, progress: progress, results: results, remote: remote)
        let successReported = header.envelope.recipients.contains { AttemptSettlement.wantsReport("SUCCESS", $0, sender: header.envelope.sender) }
        if remote.isEmpty, !successReported, results.values.allSatisfy({ if case .delivered = $0 { true } else { false } }) {
            // On failure the attempt's last step tries the removal again.
            attempt.removed = (try? spool.remove(id)) != nil
        }
        return attempt
    }

    /// Stores the message in one local recipient's INBOX: `Return-Path:`, `X-Original-To:`,
    /// `Delivered-To:`, then the queued bytes, as Postfix local(8) does.
    private func deliver(
        file: SpoolFile, offset: Int64, sender: String, to recipient: MessageRecipient,
        deliveryID: String, recovered: Bool, buffer: inout [UInt8]
    ) -> RecipientResult {
        let mailbox: MailboxLocation
        do {
            guard let found = try mailboxResolver(recipient.address) else {
                return .failed(DeliveryFailure(status: "5.1.1", reason: "<\(recipient.address)>: unknown user"))
            }
            mailbox = found
        } catch {
            return .failed(Self.failure(for: error))
        }
        // Postfix local(8) writes X-Original-To on every delivery (enable_original_recipient = yes):
        // the address the client gave, or the mailbox itself when nothing rewrote it.
        let prefix = "Return-Path: <\(sender)>\r\nX-Original-To: \(recipient.originalRecipient ?? recipient.address)\r\n"
            + "Delivered-To: \(recipient.address)\r\n"
        do {
            if recovered, try mailboxDelivery.contains(deliveryID: deliveryID, in: mailbox) {
                return .delivered("already in \(mailbox.format.rawValue) \(mailbox.path) before a restart")
            }
            let receipt = try mailboxDelivery.deliver(to: mailbox, envelopeSender: sender, deliveryID: deliveryID) { writer in
                try writer.write(prefix)
                var position = offset
                while true {
                    let count = try buffer.withUnsafeMutableBytes { bytes in
                        Result { () throws(QueueError) in try file.read(into: bytes, at: position) }
                    }.get()
                    guard count > 0 else { break }
                    try buffer.withUnsafeBytes { try writer.write(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
                    position += Int64(count)
                }
            }
            return .delivered("delivered to \(mailbox.format.rawValue) \(receipt.path)")
        } catch {
            return .failed(Self.failure(for: error))
        }
    }

    /// A store error keeps its RFC 3463 status; anything else (the spool, the user database) is a
    /// temporary local problem.
    static func failure(for error: any Error) -> DeliveryFailure {
        if let error = error as? MailStoreError {
            return DeliveryFailure(status: error.enhancedStatusCode, reason: error.description)
        }
        return DeliveryFailure(status: "4.3.0", reason: "temporary local problem: \(error)")
    }

    // MARK: - Notices

    /// Queues the bounce for `failures` to the message's sender, and the postmaster's copy when
    /// `notify_classes` has `bounce`; returns the bounce's queue ID.
    private func sendBounce(
        for loaded: LocalAttempt, failures: [AttemptSettlement.FailedRecipient], now: Date
    ) async throws -> String {
        let envelope = loaded.header.envelope
        let notices = configuration.notices
        let wholeMessage = !envelope.returnHeadersOnly && loaded.message.length <= Int64(notices.bounceSizeLimit)
        let notice = try await notice(
            .failure, for: loaded, entries: failures.map { .init(recipient: envelope.recipients[$0.index], action: "failed", failure: $0.failure) },
            returningWholeMessage: wholeMessage, now: now)
        let id = try await queue(notice, to: envelope.sender)
        if notices.postmasterCopies.contains(.bounce) {
            await queueQuietly(notice.postmasterCopy(), to: notices.bounceNoticeRecipient, about: loaded.message.id)
        }
        return id
    }

    /// The notices besides the bounce, which nothing waits for: delay warnings, success reports, the
    /// postmaster's copies, and a bounce that cannot be delivered itself (`2bounce`). One that cannot
    /// be queued is logged; the delivery it reports stands. They are queued before the attempt's
    /// progress is saved (the message file must still be there to quote): a crash in between sends
    /// such a notice again on restart, a duplicate notice, never a lost or duplicated message.
    private func sendOtherNotices(for loaded: LocalAttempt, settlement: AttemptSettlement, now: Date) async {
        let envelope = loaded.header.envelope
        let notices = configuration.notices
        let id = loaded.message.id
        do {
            if !settlement.delayWarnings.isEmpty {
                let waited = Duration.seconds(max(0, Int64(now.timeIntervalSince1970) - loaded.header.arrival))
                let until = loaded.header.arrivalDate.addingTimeInterval(
                    TimeInterval(configuration.retryPolicy.maximalQueueLifetime.components.seconds))
                let notice = try await notice(
                    .delay(waited: waited, retriedUntil: until), for: loaded,
                    entries: settlement.delayWarnings.map { .init(recipient: envelope.recipients[$0.index], action: "delayed", failure: $0.failure) },
                    returningWholeMessage: false, now: now)
                await queueQuietly(notice, to: envelope.sender, about: id)
                if notices.postmasterCopies.contains(.delay) {
                    await queueQuietly(notice.postmasterCopy(), to: notices.delayNoticeRecipient, about: id)
                }
            }
            if !settlement.successes.isEmpty {
                let entries = settlement.successes.map { success in
                    // A delivery here had no SMTP reply: its diagnostic is mailroom's own (RFC 3464 §2.3.6), as Postfix's is X-Postfix.
                    DeliveryNotice.Entry(recipient: envelope.recipients[success.index], action: success.action,
                                         status: MailQueue.enhancedStatus(of: success.reply) ?? "2.0.0",
                                         diagnosticType: success.relay == nil ? "X-mailroom" : "smtp",
                                         diagnostic: success.relay == nil ? "delivered to mailbox" : success.reply,
                                         relay: success.relay)
                }
                await queueQuietly(try await notice(.success, for: loaded, entries: entries, returningWholeMessage: false, now: now),
                                   to: envelope.sender, about: id)
            }
            // A bounce that failed for good: to the postmaster when asked, unless it was going to
            // where such notices go (a 2bounce notice that cannot be delivered is dropped: no loop).
            let doubleBounces = envelope.sender.isEmpty ? settlement.dropped : []
            let recipient = notices.doubleBounceNoticeRecipient
            if !doubleBounces.isEmpty, notices.postmasterCopies.contains(.doubleBounce), !isNoticeDestination(envelope, of: recipient) {
                var notice = try await notice(
                    .failure, for: loaded,
                    entries: doubleBounces.map { .init(recipient: envelope.recipients[$0.index], action: "failed", failure: $0.failure) },
                    returningWholeMessage: loaded.message.length <= Int64(notices.bounceSizeLimit), now: now)
                notice.isPostmasterCopy = true
                await queueQuietly(notice, to: recipient, about: id)
            }
        } catch {
            logger.error("cannot read the message for a delivery notice", metadata: ["queue-id": "\(id)", "error": "\(error)"])
        }
    }

    /// True when `envelope` goes to `address` or to where its aliases lead.
    private func isNoticeDestination(_ envelope: MessageEnvelope, of address: String) -> Bool {
        let destinations = Set(([address] + (configuration.noticeRecipients?(address)?.map(\.address) ?? [])).map { $0.lowercased() })
        return envelope.recipients.contains { destinations.contains($0.address.lowercased()) }
    }

    /// A notice about `loaded` with the whole message or its header section.
    private func notice(_ kind: DeliveryNotice.Kind, for loaded: LocalAttempt, entries: [DeliveryNotice.Entry],
                        returningWholeMessage: Bool, now: Date) async throws -> DeliveryNotice {
        let message = loaded.message
        let returned: DeliveryNotice.Returned = returningWholeMessage
            ? .message(try await threadPool.runIfActive { () throws(QueueError) -> [UInt8] in
                guard let file = try SpoolFile.openForReading(message.path) else { return [] }
                defer { file.closeQuietly() }
                return try file.read(count: Int(message.length), at: message.offset)
            })
            : .headers(try await headerSection(of: message))
        return DeliveryNotice(kind: kind, reportingHost: configuration.hostName, queueID: message.id,
                              envelope: loaded.header.envelope, arrival: loaded.header.arrivalDate, date: now,
                              entries: entries, returned: returned)
    }

    /// The header section of a queued message (at most 256 KiB of it).
    private func headerSection(of message: SpooledMessage) async throws -> [UInt8] {
        try await threadPool.runIfActive { () throws(QueueError) -> [UInt8] in
            guard let file = try SpoolFile.openForReading(message.path) else { return [] }
            defer { file.closeQuietly() }
            let limit = 256 * 1024
            return DeliveryNotice.headerSection(of: try file.read(count: limit, at: message.offset), limit: limit)
        }
    }

    /// Queues `notice` to `recipient` from the null reverse-path; returns its queue ID.
    private func queue(_ notice: DeliveryNotice, to recipient: String) async throws -> String {
        let recipients = configuration.noticeRecipients?(recipient)
            ?? [MessageRecipient(address: recipient, isLocal: isLocalAddress(recipient))]
        let rendered = notice.rendered(to: recipient)
        // RFC 6152: any 8-bit octet (a returned message, original headers, a UTF-8 address) goes
        // with BODY=8BITMIME.
        let eightBit = rendered.contains { $0 >= 0x80 }
        let transaction = try await startMessage(MessageEnvelope(sender: "", recipients: recipients,
                                                                 eightBit: eightBit, smtpUTF8: notice.envelope.smtpUTF8))
        do {
            try await transaction.write(rendered)
            return try await transaction.commit()
        } catch {
            await transaction.abort()
            throw error
        }
    }

    /// `queue`, logging the notice's ID or why it could not be queued.
    private func queueQuietly(_ notice: DeliveryNotice, to recipient: String, about id: String) async {
        do {
            let noticeID = try await queue(notice, to: recipient)
            logger.info("\(notice.subject): \(noticeID) to <\(recipient)>", metadata: ["queue-id": "\(id)"])
        } catch {
            logger.error("cannot queue \(notice.subject)", metadata: ["queue-id": "\(id)", "error": "\(error)"])
        }
    }

    // MARK: - Reporting

    private func attemptReport(
        id: String, envelope: MessageEnvelope, results: [Int: RecipientResult],
        settlement: AttemptSettlement, bounceID: String?, next: Date?
    ) -> AttemptReport {
        let failed = Dictionary(uniqueKeysWithValues: (settlement.bounced + settlement.dropped).map { ($0.index, $0.failure) })
        let deferred = Dictionary(uniqueKeysWithValues: settlement.deferred.map { ($0.index, $0.failure) })
        let recipients = results.keys.sorted().map { index -> AttemptReport.Recipient in
            let outcome: AttemptReport.Outcome
            if let failure = failed[index] {
                outcome = .failed(failure)
            } else if let failure = deferred[index] {
                outcome = .deferred(failure)
            } else if case .delivered(let detail, _, _) = results[index] {
                outcome = .delivered(detail)
            } else {
                outcome = .deferred(DeliveryFailure(status: "4.3.0", reason: "no result"))
            }
            return AttemptReport.Recipient(address: envelope.recipients[index].address, outcome: outcome)
        }
        return AttemptReport(id: id, recipients: recipients, bounceID: bounceID, nextAttempt: next)
    }

    /// The enhanced status code (RFC 3463 §2) a reply such as `250 2.0.0 Ok` carries, if it carries one.
    static func enhancedStatus(of reply: String) -> String? {
        let words = reply.split(separator: " ", maxSplits: 2)
        guard words.count >= 2 else { return nil }
        return EnhancedStatusCode(words[1])?.description
    }

    private func report(_ report: AttemptReport) {
        configuration.attemptObserver?(report)
    }

    /// Postfix-style lines: `ID: to=<addr>, orig_to=<alias>, relay=local, delay=1, dsn=2.0.0, status=sent (...)`.
    private func log(id: String, loaded: LocalAttempt, results: [Int: RecipientResult], settlement: AttemptSettlement,
                     bounceID: String?, next: Date?, now: Date) {
        let envelope = loaded.header.envelope
        let delay = max(0, Int64(now.timeIntervalSince1970) - loaded.header.arrival)
        func line(_ index: Int, _ status: String, _ detail: String, relay: String?, dsn: String) {
            let recipient = envelope.recipients[index]
            var text = "to=<\(recipient.address)>"
            if let original = recipient.originalRecipient { text += ", orig_to=<\(original)>" }
            text += ", relay=\(relay ?? (recipient.isLocal ? "local" : "remote")), delay=\(delay), dsn=\(dsn), status=\(status) (\(detail))"
            logger.info("\(text)", metadata: ["queue-id": "\(id)"])
        }
        for index in settlement.delivered {
            if case .delivered(let reply, let relay?, _) = results[index] {
                line(index, "sent", reply, relay: relay, dsn: Self.enhancedStatus(of: reply) ?? "2.0.0")
            } else {
                line(index, "sent", "delivered", relay: nil, dsn: "2.0.0")
            }
        }
        for failed in settlement.bounced + settlement.dropped {
            line(failed.index, "bounced", failed.failure.diagnostic, relay: failed.failure.relay, dsn: failed.failure.status)
        }
        for deferred in settlement.deferred {
            line(deferred.index, "deferred", deferred.failure.diagnostic, relay: deferred.failure.relay, dsn: deferred.failure.status)
        }
        if let bounceID {
            logger.info("sender non-delivery notification: \(bounceID)", metadata: ["queue-id": "\(id)"])
        }
        if next == nil {
            logger.info("removed", metadata: ["queue-id": "\(id)"])
        }
    }
}
