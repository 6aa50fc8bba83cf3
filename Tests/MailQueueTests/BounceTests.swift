import Foundation
import MailCore
import MailStore
import Testing
@testable import MailQueue

@Suite("Bounces: RFC 3464 delivery status notifications")
struct BounceTests {
    @Test("a permanent failure produces a well-formed multipart/report to the sender, from the null sender")
    func permanentFailureBounce() async throws {
        try await withTemporaryDirectory { directory in
            let clock = TestClock()
            let delivery = RecordingDelivery()
            delivery.alwaysFail("/mail/dave", with: permanentStoreError)
            let reports = ReportLog()
            let queue = try makeQueue(directory, clock: clock, delivery: delivery, reports: reports)
            let transaction = try await queue.startMessage(MessageEnvelope(
                sender: "alice@example.test",
                recipients: [MessageRecipient(address: "dave@example.test", originalRecipient: "david@example.test", isLocal: true)],
                envelopeID: "ENV-42"
            ))
            try await transaction.write(sampleMessage)
            let id = try await transaction.commit()
            #expect(await queue.deliverDueMessages() == 2)

            let first = try #require(reports.all.first)
            #expect(first.id == id)
            #expect(first.nextAttempt == nil)
            let bounceID = try #require(first.bounceID)
            #expect(reports.all.last?.id == bounceID)

            let stored = try #require(delivery.stored(in: "/mail/alice").first)
            #expect(stored.envelopeSender == "")
            let text = String(decoding: stored.bytes, as: UTF8.self)
            #expect(text.hasPrefix("Return-Path: <>\r\nX-Original-To: alice@example.test\r\nDelivered-To: alice@example.test\r\n"))
            let report = try #require(ParsedReport(stored.bytes))
            #expect(report.header["from"] == "MAILER-DAEMON@mx.example.test (Mail Delivery System)")
            #expect(report.header["to"] == "alice@example.test")
            #expect(report.header["auto-submitted"] == "auto-replied")
            #expect(report.header["content-type"]?.hasPrefix("multipart/report; report-type=delivery-status;") == true)
            // No RET: the whole message comes back, as Postfix returns it (RFC 3461 §4.3 leaves it to the MTA).
            #expect(report.parts.map { $0.header["content-type"] } == ["text/plain; charset=utf-8", "message/delivery-status", "message/rfc822"])
            #expect(report.parts[0].body.contains("<dave@example.test>: 552 5.2.2"))

            try #require(report.statusGroups.count == 2)
            let perMessage = report.statusGroups[0]
            #expect(perMessage["reporting-mta"] == "dns; mx.example.test")
            #expect(perMessage["original-envelope-id"] == "ENV-42")
            #expect(perMessage["arrival-date"] == RFC5322Date.format(clock.now))
            let perRecipient = report.statusGroups[1]
            #expect(perRecipient["final-recipient"] == "rfc822; dave@example.test")
            #expect(perRecipient["original-recipient"] == "rfc822; david@example.test")
            #expect(perRecipient["action"] == "failed")
            #expect(perRecipient["status"] == "5.2.2")
            #expect(perRecipient["diagnostic-code"]?.hasPrefix("smtp; 552 5.2.2 cannot update mailbox /mail/dave") == true)

            let returned = report.parts[2].body
            #expect(returned.hasPrefix("Received: from client.example.org"))
            #expect(returned.contains("Subject: hello\r\n"))
            #expect(returned.contains("\r\n\r\nHello Bob.\r\n.. stays as is\r\n"))
            #expect(entries(directory + "/queue/active").isEmpty)
        }
    }

    @Test("unknown user: the recipient bounces with 5.1.1")
    func unknownUser() async throws {
        try await withTemporaryDirectory { directory in
            let delivery = RecordingDelivery()
            let queue = try makeQueue(directory, delivery: delivery)
            try await send(sampleMessage, from: "alice@example.test", to: [recipient("nosuchuser@example.test")], into: queue)
            await queue.deliverDueMessages()
            let bounce = try #require(delivery.stored(in: "/mail/alice").first)
            let report = try #require(ParsedReport(bounce.bytes))
            #expect(report.statusGroups.last?["status"] == "5.1.1")
            #expect(report.statusGroups.last?["final-recipient"] == "rfc822; nosuchuser@example.test")
            #expect(report.statusGroups.last?["diagnostic-code"] == "smtp; 550 5.1.1 <nosuchuser@example.test>: unknown user")
            #expect(report.statusGroups.last?["original-recipient"] == nil)
        }
    }

    @Test("RFC 5321 §4.5.5: no bounce for a message from the null sender")
    func noBounceForNullSender() async throws {
        try await withTemporaryDirectory { directory in
            let reports = ReportLog()
            let delivery = RecordingDelivery()
            let queue = try makeQueue(directory, delivery: delivery, reports: reports)
            try await send(sampleMessage, from: "", to: [recipient("nosuchuser@example.test")], into: queue)
            #expect(await queue.deliverDueMessages() == 1)
            #expect(reports.all.first?.bounceID == nil)
            #expect(delivery.stored.isEmpty)
            #expect(entries(directory + "/queue/active").isEmpty)
        }
    }

    @Test("RFC 3461 §4.1: NOTIFY=NEVER and NOTIFY without FAILURE suppress the bounce")
    func notifyNever() async throws {
        try await withTemporaryDirectory { directory in
            let delivery = RecordingDelivery()
            let queue = try makeQueue(directory, delivery: delivery)
            try await send(sampleMessage, from: "alice@example.test", to: [recipient("ghost@example.test", notify: ["NEVER"])], into: queue)
            try await send(sampleMessage, from: "alice@example.test", to: [recipient("ghost@example.test", notify: ["SUCCESS", "DELAY"])], into: queue)
            try await send(sampleMessage, from: "alice@example.test", to: [recipient("ghost@example.test", notify: ["failure"])], into: queue)
            await queue.deliverDueMessages()
            #expect(delivery.stored(in: "/mail/alice").count == 1)
            #expect(entries(directory + "/queue/active").isEmpty)
        }
    }

    @Test("after maximal_queue_lifetime a deferred recipient bounces with its last error")
    func expiry() async throws {
        try await withTemporaryDirectory { directory in
            let clock = TestClock()
            let delivery = RecordingDelivery()
            delivery.alwaysFail("/mail/carol", with: temporaryStoreError)
            let queue = try makeQueue(directory, clock: clock, delivery: delivery)
            try await send(sampleMessage, from: "alice@example.test", to: [recipient("carol@example.test")], into: queue)
            await queue.deliverDueMessages()
            #expect(delivery.stored(in: "/mail/alice").isEmpty)
            clock.advance(seconds: 5 * 86_400)
            queue.flush()
            await queue.deliverDueMessages()
            let bounce = try #require(delivery.stored(in: "/mail/alice").first)
            let report = try #require(ParsedReport(bounce.bytes))
            #expect(report.statusGroups.last?["action"] == "failed")
            #expect(report.statusGroups.last?["status"] == "4.2.0")
            #expect(entries(directory + "/queue/active").isEmpty)
            #expect(entries(directory + "/queue/defer").isEmpty)
        }
    }

    @Test("a bounce to a remote sender waits for the outbound transport")
    func remoteBounceStaysQueued() async throws {
        try await withTemporaryDirectory { directory in
            let reports = ReportLog()
            let queue = try makeQueue(directory, reports: reports)
            try await send(sampleMessage, from: "someone@example.org", to: [recipient("nosuchuser@example.test")], into: queue)
            await queue.deliverDueMessages()
            let bounceID = try #require(reports.all.first?.bounceID)
            #expect(entries(directory + "/queue/active") == [bounceID])
            #expect(reports.all.last?.nextAttempt != nil)
        }
    }

    @Test("ORCPT is reported as Original-Recipient; the header section stops at the blank line")
    func renderingDetails() {
        let recipient = MessageRecipient(address: "b@example.test", originalRecipient: "alias@example.test", isLocal: true, originalRecipientParameter: "rfc822;Alias@Example.test")
        #expect(DeliveryNotice.originalRecipient(recipient) == "rfc822; Alias@Example.test")
        #expect(DeliveryNotice.headerSection(of: bytes("A: 1\r\nB: 2\r\n\r\nbody\r\n"), limit: 1000) == bytes("A: 1\r\nB: 2\r\n"))
        #expect(DeliveryNotice.headerSection(of: bytes("A: 1\nB: 2\n\nbody\n"), limit: 1000) == bytes("A: 1\nB: 2\n"))
        #expect(DeliveryNotice.headerSection(of: bytes("A: 1\r\nB: 2"), limit: 1000) == bytes("A: 1\r\n"))
        #expect(DeliveryFailure(status: "4.2.0", diagnostic: "450 a\r\nb").diagnostic == "450 a  b")
    }

    @Test("the MIME boundary is random, and client text in DSN fields stays on its line")
    func boundaryAndInjection() {
        let recipient = MessageRecipient(address: "b@example.test", isLocal: true,
                                         originalRecipientParameter: "rfc822;a\r\nBcc: x@example.test")
        var envelope = MessageEnvelope(sender: "s@example.org", recipients: [recipient])
        envelope.envelopeID = "id\r\nX-Injected: yes"
        let make = {
            DeliveryNotice(kind: .failure, reportingHost: "mail.example.test", queueID: "Q1", envelope: envelope,
                           arrival: Date(timeIntervalSince1970: 0), date: Date(timeIntervalSince1970: 0),
                           entries: [.init(recipient: recipient, action: "failed", failure: DeliveryFailure(status: "5.1.1", diagnostic: "x"))],
                           returned: .headers(bytes("Subject: s\r\n")))
        }
        let first = make(), second = make()
        #expect(first.boundary != second.boundary && first.boundary.count == 32)
        let text = String(decoding: first.rendered(to: envelope.sender), as: UTF8.self)
        #expect(text.contains("Original-Envelope-Id: id  X-Injected: yes\r\n"))
        #expect(text.contains("Original-Recipient: rfc822; a  Bcc: x@example.test\r\n"))
        #expect(!text.contains("\r\nX-Injected") && !text.contains("\r\nBcc:"))
        // RFC 3464 §2.2, §2.3: the fields in the grammar's order.
        let order = ["Original-Envelope-Id:", "Reporting-MTA:", "Arrival-Date:", "X-Mailroom-Queue-ID:",
                     "Original-Recipient:", "Final-Recipient:", "Action:", "Status:", "Diagnostic-Code:"]
        let positions = order.compactMap { text.range(of: "\r\n" + $0)?.lowerBound }
        #expect(positions.count == order.count && positions == positions.sorted())
    }
}
