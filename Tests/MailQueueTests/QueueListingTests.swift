import Foundation
import MailCore
import Testing
@testable import MailQueue

/// `mailroom queue list`: what Postfix's mailq shows, read from the queue files.
@Suite("Queue listing (Postfix's mailq and postqueue -j)")
struct QueueListingTests {
    @Test("a deferred message: ID, size, arrival, sender, the last reason and only the recipients still to do")
    func deferredMessage() async throws {
        try await withTemporaryDirectory { directory in
            let queue = try makeQueue(directory, delivery: RecordingDelivery())
            let id = try await send(sampleMessage, from: "alice@example.test",
                                    to: [recipient("bob@example.test"), recipient("friend@example.org")], into: queue)
            await queue.deliverDueMessages()
            let listed = try MailQueue.messages(in: directory + "/queue")
            try #require(listed.count == 1)
            let message = listed[0]
            #expect(message.id == id && message.sender == "alice@example.test" && message.isDeferred)
            #expect(message.size == Int64(sampleMessage.count))
            #expect(message.recipients.map(\.address) == ["friend@example.org"], "bob was delivered locally")
            #expect(message.recipients[0].delayReason?.contains("no outbound transport configured") == true)

            let text = QueueListingFormat.text(listed, timeZone: TimeZone(identifier: "UTC")!)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines[0] == "-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------")
            #expect(lines[1].hasPrefix(id + " ") && lines[1].hasSuffix("  alice@example.test"))
            #expect(lines[2].hasPrefix("        (") && lines[2].contains("no outbound transport configured"))
            #expect(lines[3] == String(repeating: " ", count: 41) + "friend@example.org")
            #expect(lines.last(where: { !$0.isEmpty }) == "-- 1 Kbytes in 1 Request.")

            let shown = try #require(try MailQueue.show(id, inQueueDirectory: directory + "/queue"))
            #expect(shown.hasPrefix("*** ENVELOPE RECORDS \(id) ***\nmessage_arrival_time: "))
            #expect(shown.contains("sender: alice@example.test\n"))
            #expect(shown.contains("recipient: bob@example.test [done]\n"))
            #expect(shown.contains("recipient: friend@example.org [deferred: "))
            #expect(shown.contains("*** MESSAGE CONTENTS \(id) ***\n" + String(decoding: sampleMessage, as: UTF8.self)))
            #expect(shown.hasSuffix("*** MESSAGE FILE END \(id) ***\n"))
            #expect(try MailQueue.show("NOSUCHID", inQueueDirectory: directory + "/queue") == nil)

            let json = try JSONSerialization.jsonObject(with: Data(QueueListingFormat.json(listed).utf8)) as? [String: Any]
            #expect(json?["queue_id"] as? String == id && json?["queue_name"] as? String == "deferred")
            #expect(json?["sender"] as? String == "alice@example.test")
            let recipients = json?["recipients"] as? [[String: String]]
            #expect(recipients?.first?["address"] == "friend@example.org" && recipients?.first?["delay_reason"] != nil)
        }
    }

    @Test("an empty or never created queue; a message not yet tried is marked active with *; a bounce's sender is MAILER-DAEMON")
    func states() async throws {
        try await withTemporaryDirectory { directory in
            let never = try MailQueue.messages(in: directory + "/never")
            #expect(never.isEmpty)
            #expect(QueueListingFormat.text([]) == "Mail queue is empty\n")
            let fresh = QueuedMessage(id: "4AB2C", size: 2100, arrival: Date(timeIntervalSince1970: 1_700_000_000), sender: "",
                                      recipients: [.init(address: "x@example.org", delayReason: nil)], isDeferred: false, nextAttempt: nil)
            let text = QueueListingFormat.text([fresh, fresh], timeZone: TimeZone(identifier: "UTC")!)
            #expect(text.contains("4AB2C*         2100 Tue Nov 14 22:13:20  MAILER-DAEMON\n"))
            #expect(text.hasSuffix("-- 5 Kbytes in 2 Requests.\n"))
        }
    }
}

@Suite("Queue flush (postqueue -f)")
struct QueueFlushTests {
    @Test("a flush asked for before the start-up scan of the spool makes the deferred messages it finds due")
    func flushBeforeRecovery() async throws {
        try await withTemporaryDirectory { directory in
            let first = try makeQueue(directory)
            try await send(sampleMessage, from: "alice@example.test", to: [recipient("friend@example.org")], into: first)
            #expect(await first.deliverDueMessages() == 1)
            #expect(await first.deliverDueMessages() == 0, "deferred: due again only after the back-off")

            let restarted = try makeQueue(directory)
            restarted.flush()
            try await restarted.recover()
            #expect(await restarted.deliverDueMessages() == 1)

            let notFlushed = try makeQueue(directory)
            try await notFlushed.recover()
            #expect(await notFlushed.deliverDueMessages() == 0)
        }
    }
}

/// A remote transport that waits, inside its delivery, until it is let go, then defers.
final class BlockingTransport: RemoteTransport, @unchecked Sendable {
    private let entered = AsyncStream<Void>.makeStream()
    private let release = AsyncStream<Void>.makeStream()

    func deliver(_ message: SpooledMessage, to recipients: [MessageRecipient]) async -> [RecipientResult] {
        entered.continuation.yield()
        for await _ in release.stream { break }
        return recipients.map { _ in .failed(DeliveryFailure(status: "4.4.1", reason: "no answer")) }
    }

    /// Returns once a delivery is under way.
    func waitUntilDelivering() async {
        for await _ in entered.stream { return }
    }

    func letGo() { release.continuation.yield() }
}

@Suite("Queue control (postsuper -d, -h, -H)")
struct QueueControlTests {
    @Test("a message being delivered is deleted when its attempt ends, not before; nothing of it stays")
    func deleteInFlight() async throws {
        try await withTemporaryDirectory { directory in
            let transport = BlockingTransport()
            let queue = try makeQueue(directory, remote: transport)
            let id = try await send(sampleMessage, from: "alice@example.test", to: [recipient("friend@example.org")], into: queue)
            let delivering = Task { await queue.deliverDueMessages() }
            await transport.waitUntilDelivering()
            let result = try await queue.control(.delete, ids: [id])
            #expect(result.done.isEmpty && result.afterAttempt == [id])
            #expect(entries(directory + "/queue/active") == [id], "not deleted under the running attempt")
            transport.letGo()
            _ = await delivering.value
            #expect(entries(directory + "/queue/active").isEmpty && entries(directory + "/queue/defer").isEmpty)
            #expect(queue.messageCount == 0)
        }
    }

    @Test("a held message is kept, listed with !, not delivered on a flush nor after a restart; released, it goes")
    func holdAndRelease() async throws {
        try await withTemporaryDirectory { directory in
            let first = try makeQueue(directory)
            let id = try await send(sampleMessage, from: "alice@example.test", to: [recipient("friend@example.org")], into: first)
            #expect(await first.deliverDueMessages() == 1)
            #expect(try await first.control(.hold, ids: nil).done == [id])
            first.flush()
            #expect(await first.deliverDueMessages() == 0)
            #expect(try MailQueue.messages(in: directory + "/queue").map(\.isHeld) == [true])

            let restarted = try makeQueue(directory)
            try await restarted.recover()
            restarted.flush()
            #expect(await restarted.deliverDueMessages() == 0, "held across a restart")
            #expect(try await restarted.control(.release, ids: [id]).done == [id])
            #expect(await restarted.deliverDueMessages() == 1)
            #expect(try MailQueue.messages(in: directory + "/queue").map(\.isHeld) == [false])
        }
    }

    @Test("the command lines of the queue socket")
    func commandLines() {
        #expect(QueueControlCommand("flush").verb == .flush)
        #expect(QueueControlCommand("delete A1 B2") == QueueControlCommand(QueueControlCommand.line(.delete, ids: ["A1", "B2"])))
        #expect(QueueControlCommand("hold ALL").ids == nil && QueueControlCommand("hold ALL").verb == .control(.hold))
        #expect(QueueControlCommand("delete").verb == nil, "no IDs is not delete ALL")
        #expect(QueueControlCommand("rm -rf").verb == nil)
    }
}

@Suite("Queue lifetimes (maximal_queue_lifetime, bounce_queue_lifetime)")
struct QueueLifetimeTests {
    @Test("a bounce (null sender) expires after bounce_queue_lifetime, other mail after maximal_queue_lifetime")
    func lifetimes() {
        let policy = RetryPolicy(maximalQueueLifetime: .seconds(5 * 86_400), bounceQueueLifetime: .seconds(86_400))
        #expect(policy.hasExpired(arrival: 0, now: 86_400, isBounce: true))
        #expect(!policy.hasExpired(arrival: 0, now: 86_400))
        #expect(policy.hasExpired(arrival: 0, now: 5 * 86_400))
    }
}
