import Foundation
import MailCore
import MailStore
import MailroomConfig
import Synchronization
import Testing
@testable import MailQueue

@Suite("Delivery: local mailboxes, retries, remote recipients")
struct DeliveryTests {
    @Test("local delivery writes Return-Path, X-Original-To, Delivered-To, then the message, with LF line ends (Maildir)")
    func localDeliveryHeaders() async throws {
        try await withTemporaryDirectory { directory in
            let agent = MailboxDeliveryAgent(configuration: .init(hostName: "mx.example.test"))
            let queue = try makeQueue(directory, delivery: agent, resolver: resolver(root: directory + "/mail"))
            let message = largeMessage(size: 200_000, tag: "maildir")
            try await send(message, from: "sender@example.org", to: [recipient("bob@example.test", original: "postmaster@example.test")], into: queue, chunkSize: 7000)
            #expect(await queue.deliverDueMessages() == 1)
            let files = entries(directory + "/mail/bob/new")
            try #require(files.count == 1)
            let expected = bytes("Return-Path: <sender@example.org>\r\nX-Original-To: postmaster@example.test\r\nDelivered-To: bob@example.test\r\n") + message
            #expect(contents(directory + "/mail/bob/new/" + files[0]) == lf(expected))
            #expect(entries(directory + "/queue/active").isEmpty)
        }
    }

    @Test("the null sender is written as Return-Path: <>")
    func nullSenderReturnPath() async throws {
        try await withTemporaryDirectory { directory in
            let delivery = RecordingDelivery()
            let queue = try makeQueue(directory, delivery: delivery)
            try await send(sampleMessage, from: "", to: [recipient("alice@example.test")], into: queue)
            await queue.deliverDueMessages()
            #expect(delivery.stored == [.init(mailbox: "/mail/alice", envelopeSender: "", bytes: bytes("Return-Path: <>\r\nX-Original-To: alice@example.test\r\nDelivered-To: alice@example.test\r\n") + sampleMessage)])
        }
    }

    @Test("a temporary failure is retried after 300, 600, 1200, 2400, 4000, 4000 seconds")
    func backoff() async throws {
        try await withTemporaryDirectory { directory in
            let clock = TestClock()
            let start = clock.now
            let delivery = RecordingDelivery()
            delivery.alwaysFail("/mail/carol", with: temporaryStoreError)
            let reports = ReportLog()
            let queue = try makeQueue(directory, clock: clock, delivery: delivery, reports: reports)
            let id = try await send(sampleMessage, from: "sender@example.org", to: [recipient("carol@example.test")], into: queue)

            #expect(await queue.deliverDueMessages() == 1)
            var elapsed = 0
            for delay in [300, 600, 1200, 2400, 4000, 4000] {
                #expect(reports.all.last?.nextAttempt == start.addingTimeInterval(TimeInterval(elapsed + delay)))
                clock.advance(seconds: delay - 1)
                #expect(await queue.deliverDueMessages() == 0)
                clock.advance(seconds: 1)
                #expect(await queue.deliverDueMessages() == 1)
                elapsed += delay
            }
            guard case .deferred(let failure) = reports.all.last?.recipients.first?.outcome else {
                Issue.record("not deferred: \(String(describing: reports.all.last))")
                return
            }
            #expect(failure.status == "4.2.0")
            #expect(entries(directory + "/queue/defer") == [id])
            #expect(delivery.stored.isEmpty)

            // The progress survives a restart: the next attempt is still due at the same time.
            let restarted = try makeQueue(directory, clock: clock, delivery: delivery, reports: reports)
            try await restarted.recover()
            #expect(await restarted.deliverDueMessages() == 0)
            delivery.alwaysFail("/mail/carol", with: nil)
            clock.advance(seconds: 4000)
            #expect(await restarted.deliverDueMessages() == 1)
            #expect(delivery.stored(in: "/mail/carol").count == 1)
            #expect(entries(directory + "/queue/active").isEmpty)
            #expect(entries(directory + "/queue/defer").isEmpty)
        }
    }

    @Test("with one good and one failing recipient, the good one gets exactly one copy")
    func multiRecipient() async throws {
        try await withTemporaryDirectory { directory in
            let clock = TestClock()
            let delivery = RecordingDelivery()
            delivery.fail("/mail/carol", with: [temporaryStoreError, temporaryStoreError])
            let queue = try makeQueue(directory, clock: clock, delivery: delivery)
            try await send(sampleMessage, from: "sender@example.org", to: [recipient("bob@example.test"), recipient("carol@example.test")], into: queue)
            await queue.deliverDueMessages()
            #expect(delivery.stored(in: "/mail/bob").count == 1)
            #expect(delivery.stored(in: "/mail/carol").isEmpty)
            clock.advance(seconds: 300)
            await queue.deliverDueMessages()
            clock.advance(seconds: 600)
            await queue.deliverDueMessages()
            #expect(delivery.stored(in: "/mail/bob").count == 1)
            #expect(delivery.stored(in: "/mail/carol").count == 1)
            #expect(entries(directory + "/queue/active").isEmpty)
            #expect(queue.messageCount == 0)
        }
    }

    @Test("a permanent failure of one recipient bounces it and still delivers to the other")
    func mixedPermanentFailure() async throws {
        try await withTemporaryDirectory { directory in
            let delivery = RecordingDelivery()
            delivery.alwaysFail("/mail/dave", with: permanentStoreError)
            let queue = try makeQueue(directory, delivery: delivery)
            try await send(sampleMessage, from: "alice@example.test", to: [recipient("bob@example.test"), recipient("dave@example.test")], into: queue)
            #expect(await queue.deliverDueMessages() == 2)
            #expect(delivery.stored(in: "/mail/bob").count == 1)
            #expect(delivery.stored(in: "/mail/alice").count == 1)
            #expect(entries(directory + "/queue/active").isEmpty)
        }
    }

    @Test("remote recipients stay queued with the reason when there is no outbound transport")
    func remoteWithoutTransport() async throws {
        try await withTemporaryDirectory { directory in
            let reports = ReportLog()
            let delivery = RecordingDelivery()
            let queue = try makeQueue(directory, delivery: delivery, reports: reports)
            let id = try await send(sampleMessage, from: "alice@example.test", to: [recipient("bob@example.test"), recipient("friend@example.org")], into: queue)
            await queue.deliverDueMessages()
            #expect(delivery.stored(in: "/mail/bob").count == 1)
            #expect(entries(directory + "/queue/active") == [id])
            let outcome = reports.all.last?.recipients.first { $0.address == "friend@example.org" }?.outcome
            guard case .deferred(let failure) = outcome else {
                Issue.record("not deferred: \(String(describing: outcome))")
                return
            }
            #expect(failure.diagnostic.contains("no outbound transport configured"))
            #expect(!failure.isPermanent)
        }
    }

    @Test("a remote transport gets the spooled bytes and its results are honoured")
    func remoteTransport() async throws {
        try await withTemporaryDirectory { directory in
            let transport = RecordingTransport(results: [.delivered("250 2.0.0 Ok"), .failed(DeliveryFailure(status: "5.1.1", diagnostic: "550 5.1.1 <nobody@example.org>: user unknown"))])
            let delivery = RecordingDelivery()
            let queue = try makeQueue(directory, delivery: delivery, remote: transport)
            try await send(sampleMessage, from: "alice@example.test", to: [recipient("friend@example.org"), recipient("nobody@example.org")], into: queue)
            #expect(await queue.deliverDueMessages() == 2)
            #expect(transport.received == [sampleMessage])
            #expect(transport.recipients == [["friend@example.org", "nobody@example.org"]])
            let bounce = try #require(delivery.stored(in: "/mail/alice").first)
            let report = try #require(ParsedReport(bounce.bytes))
            #expect(report.statusGroups.count == 2)
            #expect(report.statusGroups[1]["final-recipient"] == "rfc822; nobody@example.org")
            #expect(report.statusGroups[1]["diagnostic-code"] == "smtp; 550 5.1.1 <nobody@example.org>: user unknown")
            #expect(entries(directory + "/queue/active").isEmpty)
        }
    }
}

/// A remote transport that reads the spooled message and answers from a script.
final class RecordingTransport: RemoteTransport {
    private let results: [RecipientResult]
    private let log = Mutex<(messages: [[UInt8]], recipients: [[String]], envelopes: [MessageEnvelope])>(([], [], []))

    init(results: [RecipientResult]) {
        self.results = results
    }

    var received: [[UInt8]] { log.withLock { $0.messages } }
    var recipients: [[String]] { log.withLock { $0.recipients } }
    var envelopes: [MessageEnvelope] { log.withLock { $0.envelopes } }

    func deliver(_ message: SpooledMessage, to recipients: [MessageRecipient]) async -> [RecipientResult] {
        let data = FileManager.default.contents(atPath: message.path).map { [UInt8]($0) } ?? []
        let bytes = Array(data[Int(message.offset)..<Int(message.offset + message.length)])
        log.withLock {
            $0.messages.append(bytes)
            $0.recipients.append(recipients.map(\.address))
            $0.envelopes.append(message.envelope)
        }
        return Array(results.prefix(recipients.count))
    }
}
