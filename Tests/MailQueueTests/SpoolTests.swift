import Foundation
import MailCore
import MailStore
import MailroomConfig
import Testing
@testable import MailQueue

@Suite("Spool: durable acceptance and recovery")
struct SpoolTests {
    @Test("a committed message survives a crash and is delivered exactly once after restart")
    func commitThenCrash() async throws {
        try await withTemporaryDirectory { directory in
            let agent = MailboxDeliveryAgent(configuration: .init(hostName: "mx.example.test"))
            var id = ""
            do {
                let first = try makeQueue(directory)
                id = try await send(sampleMessage, from: "sender@example.org", to: [recipient("bob@example.test")], into: first)
            }
            #expect(entries(directory + "/queue/active") == [id])

            let second = try makeQueue(directory, delivery: agent, resolver: resolver(root: directory + "/mail"))
            try await second.recover()
            #expect(await second.deliverDueMessages() == 1)
            let delivered = entries(directory + "/mail/bob/new")
            #expect(delivered.count == 1)
            let stored = contents(directory + "/mail/bob/new/" + (delivered.first ?? ""))
            #expect(stored == lf(bytes("Return-Path: <sender@example.org>\r\nX-Original-To: bob@example.test\r\nDelivered-To: bob@example.test\r\n") + sampleMessage))
            #expect(entries(directory + "/queue/active").isEmpty)

            let third = try makeQueue(directory, delivery: agent, resolver: resolver(root: directory + "/mail"))
            try await third.recover()
            #expect(await third.deliverDueMessages() == 0)
            #expect(entries(directory + "/mail/bob/new").count == 1)
        }
    }

    @Test("a crash after the mailbox got the message but before the queue file went is not a second copy")
    func crashBetweenStoreAndUnlink() async throws {
        try await withTemporaryDirectory { directory in
            let agent = MailboxDeliveryAgent(configuration: .init(hostName: "mx.example.test"))
            let first = try makeQueue(directory)
            let id = try await send(sampleMessage, from: "sender@example.org", to: [recipient("bob@example.test")], into: first)
            // What the crashed process had done: the message is in bob's Maildir under its delivery ID.
            let bob = MailboxLocation(format: .maildir, path: directory + "/mail/bob")
            _ = try agent.deliver(to: bob, envelopeSender: "sender@example.org", deliveryID: "\(id)_0") { writer in
                try writer.write("Return-Path: <sender@example.org>\r\n")
            }
            let restarted = try makeQueue(directory, delivery: agent, resolver: resolver(root: directory + "/mail"))
            try await restarted.recover()
            #expect(await restarted.deliverDueMessages() == 1)
            #expect(entries(directory + "/mail/bob/new").count == 1)
            #expect(entries(directory + "/queue/active").isEmpty)
        }
    }

    @Test("an aborted transaction leaves nothing, even after its first 64 KiB reached tmp/")
    func abortLeavesNothing() async throws {
        try await withTemporaryDirectory { directory in
            let queue = try makeQueue(directory)
            let transaction = try await queue.startMessage(MessageEnvelope(sender: "a@example.org", recipients: [recipient("bob@example.test")]))
            try await transaction.write(largeMessage(size: 100_000))
            #expect(entries(directory + "/queue/tmp").count == 1)
            await transaction.abort()
            #expect(entries(directory + "/queue/tmp").isEmpty)
            #expect(entries(directory + "/queue/active").isEmpty)
            await #expect(throws: QueueError.self) { _ = try await transaction.commit() }
        }
    }

    @Test("a small aborted transaction never touches the disk")
    func smallAbort() async throws {
        try await withTemporaryDirectory { directory in
            let queue = try makeQueue(directory)
            let transaction = try await queue.startMessage(MessageEnvelope(sender: "a@example.org", recipients: [recipient("bob@example.test")]))
            try await transaction.write(sampleMessage)
            #expect(entries(directory + "/queue/tmp").isEmpty)
            await transaction.abort()
            #expect(entries(directory + "/queue/active").isEmpty)
        }
    }

    @Test("a crash before commit leaves only a tmp/ file, which recovery removes; nothing is delivered")
    func uncommittedIsDropped() async throws {
        try await withTemporaryDirectory { directory in
            let delivery = RecordingDelivery()
            do {
                let queue = try makeQueue(directory, delivery: delivery)
                let transaction = try await queue.startMessage(MessageEnvelope(sender: "a@example.org", recipients: [recipient("bob@example.test")]))
                try await transaction.write(largeMessage(size: 70_000))
                // Dropped without commit or abort, as a crash would leave it.
            }
            #expect(entries(directory + "/queue/tmp").count == 1)
            #expect(entries(directory + "/queue/active").isEmpty)
            let restarted = try makeQueue(directory, delivery: delivery)
            try await restarted.recover()
            #expect(entries(directory + "/queue/tmp").isEmpty)
            #expect(await restarted.deliverDueMessages() == 0)
            #expect(delivery.stored.isEmpty)
        }
    }

    @Test("recovery leaves a tmp/ file alone while its transaction is still open")
    func recoveryKeepsOpenTransactions() async throws {
        try await withTemporaryDirectory { directory in
            let queue = try makeQueue(directory)
            let transaction = try await queue.startMessage(MessageEnvelope(sender: "a@example.org", recipients: [recipient("bob@example.test")]))
            let message = largeMessage(size: 150_000)
            try await transaction.write(Array(message[..<80_000]))
            try await queue.recover()
            #expect(entries(directory + "/queue/tmp").count == 1)
            try await transaction.write(Array(message[80_000...]))
            let id = try await transaction.commit()
            let file = try #require(try SpoolFile.openForReading(directory + "/queue/active/" + id))
            defer { file.closeQuietly() }
            let (_, offset) = try QueueFileHeader.read(from: file)
            #expect(try file.read(count: 200_000, at: offset) == message)
        }
    }

    @Test("concurrent commits get unique IDs and intact queue files", arguments: [40])
    func concurrentCommits(count: Int) async throws {
        try await withTemporaryDirectory { directory in
            let queue = try makeQueue(directory)
            let results = try await withThrowingTaskGroup(of: (String, [UInt8], MessageEnvelope).self) { group in
                for index in 0..<count {
                    group.addTask {
                        let message = largeMessage(size: index % 5 == 0 ? 140_000 : 4096, tag: "\(index)")
                        let envelope = MessageEnvelope(sender: "s\(index)@example.org", recipients: [recipient("bob@example.test")])
                        let transaction = try await queue.startMessage(envelope)
                        try await transaction.write(message)
                        return (try await transaction.commit(), message, envelope)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(results.map(\.0)).count == count)
            #expect(entries(directory + "/queue/active").count == count)
            #expect(entries(directory + "/queue/tmp").isEmpty)
            for (id, message, envelope) in results {
                #expect(id.count == 12 && QueueIDGenerator.isQueueID(id))
                let file = try #require(try SpoolFile.openForReading(directory + "/queue/active/" + id))
                defer { file.closeQuietly() }
                let (header, offset) = try QueueFileHeader.read(from: file)
                #expect(header.envelope == envelope)
                #expect(try file.read(count: 200_000, at: offset) == message)
            }
            #expect(queue.messageCount == count)
        }
    }

    @Test("IDs are 12 upper-case hex digits, time first, distinct in a burst")
    func queueIDs() {
        let generator = QueueIDGenerator()
        let date = Date(timeIntervalSince1970: 1_750_000_000)
        let ids = (0..<10_000).map { _ in generator.next(at: date) }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { QueueIDGenerator.isQueueID($0) && $0.count == 12 })
        #expect(ids.allSatisfy { $0.hasPrefix(String(1_750_000_000 & 0xFFF_FFFF, radix: 16, uppercase: true)) })
        #expect(!QueueIDGenerator.isQueueID("abc"))
        #expect(!QueueIDGenerator.isQueueID("0123456789ab"))
    }

    @Test("an unreadable queue file is moved to corrupt/ instead of blocking the queue")
    func corruptQueueFile() async throws {
        try await withTemporaryDirectory { directory in
            let reports = ReportLog()
            let queue = try makeQueue(directory, reports: reports)
            _ = FileManager.default.createFile(atPath: directory + "/queue/active/0123456789AB", contents: Data("garbage".utf8))
            try await queue.recover()
            #expect(await queue.deliverDueMessages() == 1)
            #expect(entries(directory + "/queue/active").isEmpty)
            #expect(entries(directory + "/queue/corrupt") == ["0123456789AB"])
            #expect(reports.all.first?.error != nil)
        }
    }

    @Test("recovery removes progress files whose message is gone")
    func orphanProgress() async throws {
        try await withTemporaryDirectory { directory in
            let queue = try makeQueue(directory)
            _ = FileManager.default.createFile(atPath: directory + "/queue/defer/0123456789AB", contents: Data("{}".utf8))
            try await queue.recover()
            #expect(entries(directory + "/queue/defer").isEmpty)
        }
    }

    @Test("the queue file header round-trips the envelope and the arrival time")
    func headerRoundTrip() async throws {
        try await withTemporaryDirectory { directory in
            let envelope = MessageEnvelope(
                sender: "a@example.org",
                recipients: [MessageRecipient(address: "b@example.test", originalRecipient: "alias@example.test", isLocal: true, notify: ["FAILURE", "DELAY"], originalRecipientParameter: "rfc822;alias@example.test")],
                envelopeID: "QQ314159", returnHeadersOnly: true, eightBit: true, smtpUTF8: false
            )
            let header = QueueFileHeader(envelope: envelope, arrival: 1_750_000_000)
            let path = directory + "/file"
            _ = FileManager.default.createFile(atPath: path, contents: Data(try header.encoded() + bytes("body")))
            let file = try #require(try SpoolFile.openForReading(path))
            defer { file.closeQuietly() }
            let (read, offset) = try QueueFileHeader.read(from: file)
            #expect(read == header)
            #expect(try file.read(count: 100, at: offset) == bytes("body"))
        }
    }
}
