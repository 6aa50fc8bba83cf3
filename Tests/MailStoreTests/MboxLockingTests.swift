import MailCore
import Foundation
import Glibc
import MailroomConfig
import Synchronization
import Testing
@testable import MailStore

/// Deliveries must wait while a mail reader holds the dot-lock or the fcntl lock (test_03_mbox.py's
/// "delivery waits while mailx holds the locks"). No test relies on timing luck: the delivery reports
/// through the lock-wait observer that it is waiting, and only then does the test release the lock.
@Suite("mbox locking: dot-lock and fcntl, bounded waits")
struct MboxLockingTests {
    /// The order in which the test and the delivery did things.
    final class Log: Sendable {
        private let events = Mutex<[String]>([])
        func record(_ event: String) { events.withLock { $0.append(event) } }
        var all: [String] { events.withLock { $0 } }
    }

    static let message = bytes("Subject: locked\r\n\r\nbody\r\n")

    /// Starts a delivery on its own thread and returns once it reports that it is waiting for a lock.
    func startBlockedDelivery(to box: MailboxLocation, log: Log) async -> Task<DeliveryReceipt, any Error> {
        let (waits, signal) = AsyncStream<String>.makeStream()
        let agent = testAgent(observer: { path in
            log.record("waiting")
            signal.yield(path)
        })
        let delivery = Task {
            try await onThread {
                try agent.deliver(to: box, envelopeSender: "a@example.test") { writer in
                    log.record("writing")
                    try writer.write(Self.message)
                }
            }
        }
        for await _ in waits { break }
        return delivery
    }

    func seed(_ box: MailboxLocation) throws -> [UInt8] {
        try deliver(bytes("Subject: seed\n\nseed\n"), to: box)
        return contents(box.path)
    }

    /// In-process the holder must use an open file description lock: a classic POSIX lock belongs to
    /// the whole process and is dropped when any descriptor of the file is closed, including the
    /// delivery's own (the python test below covers classic locks held by another process).
    @Test("delivery waits while another descriptor holds an fcntl lock, then appends")
    func waitsForFcntlLock() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .mbox, path: "\(directory)/inbox")
            let before = try seed(box)
            let reader = open(box.path, O_RDWR)
            var request = flock()
            request.l_type = Int16(F_WRLCK)
            let setOFDLock: Int32 = 37  // F_OFD_SETLK
            try #require(fcntl(reader, setOFDLock, &request) == 0)

            let log = Log()
            let delivery = await startBlockedDelivery(to: box, log: log)
            #expect(contents(box.path) == before)
            log.record("released")
            request.l_type = Int16(F_UNLCK)
            #expect(fcntl(reader, setOFDLock, &request) == 0)
            close(reader)

            let receipt = try await delivery.value
            #expect(log.all == ["waiting", "released", "writing"])
            #expect(receipt.offset == Int64(before.count))
            #expect(Array(contents(box.path).prefix(before.count)) == before)
        }
    }

    @Test("delivery waits while FILE.lock exists, then appends and removes its own lock")
    func waitsForDotLock() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .mbox, path: "\(directory)/inbox")
            let before = try seed(box)
            let lockPath = box.path + ".lock"
            write(bytes("12345"), to: lockPath)

            let log = Log()
            let delivery = await startBlockedDelivery(to: box, log: log)
            #expect(contents(box.path) == before)
            log.record("released")
            #expect(unlink(lockPath) == 0)

            _ = try await delivery.value
            #expect(log.all == ["waiting", "released", "writing"])
            #expect(contents(box.path).count > before.count)
            #expect(!FileManager.default.fileExists(atPath: lockPath))
        }
    }

    @Test("a lock held past the wait fails temporarily (4.2.0) and leaves the file alone")
    func lockTimeout() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .mbox, path: "\(directory)/inbox")
            let before = try seed(box)
            write(bytes("12345"), to: box.path + ".lock")
            #expect {
                try deliver(Self.message, to: box, agent: testAgent(lockTimeout: .milliseconds(50)))
            } throws: { error in
                guard let error = error as? MailStoreError else { return false }
                return error.code == .mailboxLocked && error.isTemporary && error.enhancedStatusCode == "4.2.0"
            }
            #expect(contents(box.path) == before)
            #expect(contents(box.path + ".lock") == bytes("12345"))
        }
    }

    @Test("a dot-lock older than the stale age is removed without waiting")
    func staleDotLock() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .mbox, path: "\(directory)/inbox")
            let lockPath = box.path + ".lock"
            write(bytes("99999"), to: lockPath)
            var times = [timeval(tv_sec: time(nil) - 600, tv_usec: 0), timeval(tv_sec: time(nil) - 600, tv_usec: 0)]
            try #require(utimes(lockPath, &times) == 0)
            let waited = Mutex(false)
            let agent = testAgent(observer: { _ in waited.withLock { $0 = true } })
            try deliver(Self.message, to: box, agent: agent)
            #expect(!waited.withLock { $0 })
            #expect(!FileManager.default.fileExists(atPath: lockPath))
            #expect(contents(box.path).count > Self.message.count)
        }
    }

    @Test("a lock file younger than the stale age is respected")
    func freshDotLockIsRespected() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .mbox, path: "\(directory)/inbox")
            let lockPath = box.path + ".lock"
            write(bytes("99999"), to: lockPath)
            var times = [timeval(tv_sec: time(nil) - 200, tv_usec: 0), timeval(tv_sec: time(nil) - 200, tv_usec: 0)]
            try #require(utimes(lockPath, &times) == 0)
            #expect(throws: MailStoreError.self) {
                try deliver(Self.message, to: box, agent: testAgent(lockTimeout: .milliseconds(20)))
            }
            #expect(FileManager.default.fileExists(atPath: lockPath))
        }
    }

    @Test("delivery waits for another process's lockf (Python, as test_03_mbox.py holds it)", .enabled(if: python3 != nil))
    func waitsForOtherProcess() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .mbox, path: "\(directory)/inbox")
            let before = try seed(box)
            let holder = Process()
            holder.executableURL = URL(fileURLWithPath: try #require(python3))
            holder.arguments = ["-c", """
                import fcntl, sys
                f = open(sys.argv[1], "r+b")
                fcntl.lockf(f, fcntl.LOCK_EX)
                print("locked", flush=True)
                sys.stdin.read()
                """, box.path]
            let input = Pipe()
            let output = Pipe()
            holder.standardInput = input
            holder.standardOutput = output
            try holder.run()
            #expect(output.fileHandleForReading.availableData.starts(with: Data("locked".utf8)))

            let log = Log()
            let delivery = await startBlockedDelivery(to: box, log: log)
            #expect(contents(box.path) == before)
            log.record("released")
            try input.fileHandleForWriting.close()
            holder.waitUntilExit()

            _ = try await delivery.value
            #expect(log.all == ["waiting", "released", "writing"])
            #expect(Array(contents(box.path).prefix(before.count)) == before)
        }
    }

    @Test("concurrent deliveries to one mbox from several threads serialise: every message intact")
    func concurrentMboxDeliveries() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .mbox, path: "\(directory)/inbox")
            let agent = testAgent()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for thread in 0..<4 {
                    group.addTask {
                        try await onThread {
                            for index in 0..<25 {
                                try deliver(bytes("Subject: \(thread)-\(index)\r\n\r\nFrom body\r\n"), to: box, agent: agent)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let text = String(decoding: contents(box.path), as: UTF8.self)
            let entries = text.components(separatedBy: "\n\nFrom ")
            #expect(entries.count == 100)
            #expect(text.components(separatedBy: "\n>From body\n").count == 101)
            #expect(text.hasSuffix("\n>From body\n\n"))
        }
    }
}
