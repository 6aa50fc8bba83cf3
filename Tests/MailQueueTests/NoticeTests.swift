import Foundation
import MailCore
import MailStore
import Testing
@testable import MailQueue

@Suite("Delivery notices beyond the bounce: RET, delay warnings, success reports, postmaster copies (RFC 3461, RFC 3464)")
struct NoticeTests {
    let temporary = DeliveryFailure(status: "4.4.1", diagnostic: "450 4.4.1 connect to mx.example.org: Connection refused")

    /// Queues `sampleMessage` from alice (or `sender`: "" for a bounce) to `recipients`; returns its queue ID.
    func submit(_ queue: MailQueue, _ recipients: [MessageRecipient], returnHeadersOnly: Bool = false,
                sender: String = "alice@example.test") async throws -> String {
        var envelope = MessageEnvelope(sender: sender, recipients: recipients)
        envelope.returnHeadersOnly = returnHeadersOnly
        let transaction = try await queue.startMessage(envelope)
        try await transaction.write(sampleMessage)
        return try await transaction.commit()
    }

    func reports(in delivery: RecordingDelivery, _ mailbox: String) -> [ParsedReport] {
        delivery.stored(in: mailbox).compactMap { ParsedReport($0.bytes) }
    }

    @Test("RET=HDRS returns the header section only; so does a message over bounce_size_limit")
    func returnedContent() async throws {
        for (headersOnly, limit) in [(true, 50_000), (false, 100)] {
            try await withTemporaryDirectory { directory in
                let delivery = RecordingDelivery()
                delivery.alwaysFail("/mail/dave", with: permanentStoreError)
                let queue = try makeQueue(directory, delivery: delivery, configure: { $0.notices.bounceSizeLimit = limit })
                _ = try await submit(queue, [MessageRecipient(address: "dave@example.test", isLocal: true)], returnHeadersOnly: headersOnly)
                _ = await queue.deliverDueMessages()
                let report = try #require(reports(in: delivery, "/mail/alice").first)
                #expect(report.parts[2].header["content-type"] == "text/rfc822-headers")
                #expect(report.parts[2].body.contains("Subject: hello") && !report.parts[2].body.contains("Hello Bob."))
            }
        }
    }

    @Test("an 8-bit message returned whole: the part says 8bit and the bounce goes as 8BITMIME (RFC 2046 §5.2.1, RFC 6152)")
    func eightBitReturned() async throws {
        let (bounce, envelope) = try await bounce(of: "Subject: caf\u{e9}\r\n\r\ncr\u{e8}me\r\n") { $0.eightBit = true }
        let report = try #require(ParsedReport(bounce))
        #expect(report.parts[2].header["content-transfer-encoding"] == "8bit")
        #expect(String(decoding: bounce, as: UTF8.self).contains("cr\u{e8}me"))
        #expect(envelope?.eightBit == true)
    }

    @Test("a bounce that returns only an 8-bit header section still goes as 8BITMIME (RFC 6152)")
    func eightBitHeadersReturned() async throws {
        let (bounce, envelope) = try await bounce(of: "Subject: caf\u{e9}\r\n\r\nplain\r\n") { $0.returnHeadersOnly = true }
        #expect(String(decoding: bounce, as: UTF8.self).contains("Subject: caf\u{e9}"))
        #expect(envelope?.eightBit == true)
    }

    /// The bounce of `message` from alice to a local mailbox that refuses it, and its envelope.
    func bounce(of message: String, adjust: (inout MessageEnvelope) -> Void) async throws -> ([UInt8], MessageEnvelope?) {
        try await withTemporaryDirectory { directory in
            let delivery = RecordingDelivery()
            delivery.alwaysFail("/mail/dave", with: permanentStoreError)
            let remote = RecordingTransport(results: [])
            let queue = try makeQueue(directory, delivery: delivery, remote: remote)
            var envelope = MessageEnvelope(sender: "alice@example.org", recipients: [MessageRecipient(address: "dave@example.test", isLocal: true)])
            adjust(&envelope)
            let transaction = try await queue.startMessage(envelope)
            try await transaction.write(bytes(message))
            _ = try await transaction.commit()
            _ = await queue.deliverDueMessages()
            return (try #require(remote.received.first), remote.envelopes.first)
        }
    }

    @Test("delay_warning_time: one warning once the message has waited that long, for recipients still deferred")
    func delayWarning() async throws {
        try await withTemporaryDirectory { directory in
            let clock = TestClock()
            let delivery = RecordingDelivery()
            let remote = RecordingTransport(results: [.failed(temporary)])
            let queue = try makeQueue(directory, clock: clock, delivery: delivery, remote: remote, configure: {
                $0.retryPolicy.delayWarning = .seconds(4 * 3600)
            })
            _ = try await submit(queue, [MessageRecipient(address: "bob@example.org", isLocal: false)])
            _ = await queue.deliverDueMessages()
            #expect(delivery.stored(in: "/mail/alice").isEmpty, "no warning before delay_warning_time")
            for _ in 0..<3 {
                clock.advance(seconds: 5 * 3600)
                _ = await queue.deliverDueMessages()
            }
            let warnings = reports(in: delivery, "/mail/alice")
            try #require(warnings.count == 1, "one warning, not one per attempt")
            let warning = warnings[0]
            #expect(warning.header["subject"] == "Delayed Mail (still being retried)")
            #expect(warning.parts[0].body.contains("THIS IS A WARNING ONLY"))
            #expect(warning.parts[0].body.contains("could not be delivered for more than 5 hour(s)"))
            #expect(warning.statusGroups[1]["action"] == "delayed")
            #expect(warning.statusGroups[1]["status"] == "4.4.1")
            #expect(warning.statusGroups[1]["will-retry-until"] != nil)
            #expect(warning.parts[2].header["content-type"] == "text/rfc822-headers")
            #expect(delivery.stored(in: "/mail/alice").first?.envelopeSender == "")
        }
    }

    @Test("NOTIFY without DELAY gets no warning; no delay_warning_time, no warning")
    func delayWarningNotWanted() async throws {
        for (notify, warningTime) in [(["FAILURE"], 3600), (nil, 0)] as [([String]?, Int64)] {
            try await withTemporaryDirectory { directory in
                let clock = TestClock()
                let delivery = RecordingDelivery()
                let queue = try makeQueue(directory, clock: clock, delivery: delivery,
                                          remote: RecordingTransport(results: [.failed(temporary)]), configure: {
                    $0.retryPolicy.delayWarning = .seconds(warningTime)
                })
                _ = try await submit(queue, [MessageRecipient(address: "bob@example.org", isLocal: false, notify: notify)])
                _ = await queue.deliverDueMessages()
                clock.advance(seconds: 7200)
                _ = await queue.deliverDueMessages()
                #expect(delivery.stored(in: "/mail/alice").isEmpty)
            }
        }
    }

    @Test("NOTIFY=SUCCESS: delivered into a mailbox here, relayed to a server without DSN, nothing when the server took NOTIFY")
    func successReports() async throws {
        try await withTemporaryDirectory { directory in
            let delivery = RecordingDelivery()
            let remote = RecordingTransport(results: [
                .delivered("250 2.0.0 Ok: queued as X1", relay: "mx.example.org[192.0.2.1]:25"),
                .delivered("250 2.0.0 Ok: queued as X2", relay: "mx.example.net[192.0.2.2]:25", dsnPassedOn: true),
            ])
            let queue = try makeQueue(directory, delivery: delivery, remote: remote)
            _ = try await submit(queue, [
                MessageRecipient(address: "bob@example.test", isLocal: true, notify: ["SUCCESS", "FAILURE"]),
                MessageRecipient(address: "carol@example.org", isLocal: false, notify: ["SUCCESS"]),
                MessageRecipient(address: "dan@example.net", isLocal: false, notify: ["SUCCESS"]),
            ])
            _ = await queue.deliverDueMessages()
            let notices = reports(in: delivery, "/mail/alice")
            try #require(notices.count == 1)
            let notice = notices[0]
            #expect(notice.header["subject"] == "Successful Mail Delivery Report")
            try #require(notice.statusGroups.count == 3)
            #expect(notice.statusGroups[1]["final-recipient"] == "rfc822; bob@example.test")
            #expect(notice.statusGroups[1]["action"] == "delivered")
            #expect(notice.statusGroups[1]["diagnostic-code"] == "X-mailroom; delivered to mailbox")
            #expect(notice.statusGroups[2]["final-recipient"] == "rfc822; carol@example.org")
            #expect(notice.statusGroups[2]["action"] == "relayed")
            #expect(notice.statusGroups[2]["remote-mta"] == "dns; mx.example.org")
            #expect(notice.parts[2].header["content-type"] == "text/rfc822-headers")
            #expect(delivery.stored(in: "/mail/bob").count == 1)
            #expect(entries(directory + "/queue/active").isEmpty)
        }
    }

    @Test("notify_classes bounce and 2bounce: the postmaster gets a copy of each bounce, and a bounce that fails itself")
    func postmasterCopies() async throws {
        try await withTemporaryDirectory { directory in
            let delivery = RecordingDelivery()
            delivery.alwaysFail("/mail/dave", with: permanentStoreError)
            let queue = try makeQueue(directory, delivery: delivery, configure: {
                $0.notices.postmasterCopies = [.bounce, .doubleBounce]
                $0.notices.bounceNoticeRecipient = "carol@example.test"
                $0.notices.doubleBounceNoticeRecipient = "carol@example.test"
            })
            _ = try await submit(queue, [MessageRecipient(address: "dave@example.test", isLocal: true)])
            // A bounce (null sender) to dave, whose mailbox is full: it fails too.
            _ = try await submit(queue, [MessageRecipient(address: "dave@example.test", isLocal: true)], sender: "")
            _ = await queue.deliverDueMessages()
            let copies = reports(in: delivery, "/mail/carol")
            #expect(copies.count == 2)
            #expect(copies.allSatisfy { $0.header["subject"] == "Postmaster Copy: Undelivered Mail Returned to Sender" })
            #expect(copies.contains { $0.parts[2].header["content-type"] == "text/rfc822-headers" }, "the bounce's copy has headers only")
            #expect(copies.contains { $0.parts[2].header["content-type"] == "message/rfc822" }, "the double bounce comes whole")
            #expect(reports(in: delivery, "/mail/alice").count == 1, "the sender gets the bounce")
            let bounceID = reports(in: delivery, "/mail/alice").first?.header["message-id"]
            #expect(bounceID != nil && !copies.contains { $0.header["message-id"] == bounceID }, "each notice its own Message-Id")
        }
    }

    @Test("notices go through the aliases (postmaster: carol); a 2bounce notice that fails there is dropped, not bounced again")
    func noticesFollowAliases() async throws {
        try await withTemporaryDirectory { directory in
            let delivery = RecordingDelivery()
            delivery.alwaysFail("/mail/dave", with: permanentStoreError)
            let queue = try makeQueue(directory, delivery: delivery, configure: {
                $0.notices.postmasterCopies = [.bounce, .doubleBounce]
                $0.notices.bounceNoticeRecipient = "postmaster@mx.example.test"
                $0.notices.doubleBounceNoticeRecipient = "postmaster@mx.example.test"
                $0.noticeRecipients = { address in
                    address.hasPrefix("postmaster@") ? [MessageRecipient(address: "carol@example.test", isLocal: true)] : nil
                }
            })
            _ = try await submit(queue, [MessageRecipient(address: "dave@example.test", isLocal: true)])
            _ = await queue.deliverDueMessages()
            #expect(reports(in: delivery, "/mail/carol").count == 1, "the postmaster's copy reached carol")
            // Now the postmaster's mailbox fails too: a bounce that fails goes nowhere, and it ends.
            delivery.alwaysFail("/mail/carol", with: permanentStoreError)
            _ = try await submit(queue, [MessageRecipient(address: "dave@example.test", isLocal: true)], sender: "")
            #expect(await queue.deliverDueMessages() == 2, "the bounce, then its 2bounce notice to carol, which is dropped")
            #expect(entries(directory + "/queue/active").isEmpty)
        }
    }

    @Test("without 2bounce, a bounce that fails is dropped, and nobody is told")
    func doubleBounceDropped() async throws {
        try await withTemporaryDirectory { directory in
            let delivery = RecordingDelivery()
            delivery.alwaysFail("/mail/dave", with: permanentStoreError)
            let queue = try makeQueue(directory, delivery: delivery)
            _ = try await submit(queue, [MessageRecipient(address: "dave@example.test", isLocal: true)], sender: "")
            #expect(await queue.deliverDueMessages() == 1)
            #expect(entries(directory + "/queue/active").isEmpty)
        }
    }

    @Test("the dsn= and Status: of a success come from the server's reply only when it is an RFC 3463 code, ASCII digits of at most three")
    func replyStatus() {
        #expect(MailQueue.enhancedStatus(of: "250 2.0.0 Ok: queued as 4F2") == "2.0.0")
        #expect(MailQueue.enhancedStatus(of: "250 2.1.5") == "2.1.5")
        for reply in ["250 Ok", "250 2.\u{BD}.0 Ok", "250 2.\u{0663}.0 Ok", "250 2.0000.0 Ok", "250 3.0.0 Ok", "250 2..0 Ok"] {
            #expect(MailQueue.enhancedStatus(of: reply) == nil, "\(reply)")
        }
    }
}
