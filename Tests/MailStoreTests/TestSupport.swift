import Foundation
import Glibc
import MailroomConfig
@testable import MailStore

/// A fresh directory under /tmp, removed after `body`.
func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async rethrows -> T {
    var template = Array("/tmp/mailstore-test-XXXXXX".utf8CString)
    let path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try await body(path)
}

/// Runs blocking work (deliveries, lock waits) on its own thread, never on the cooperative pool.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

func contents(_ path: String) -> [UInt8] {
    FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
}

func write(_ bytes: [UInt8], to path: String) {
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
}

func bytes(_ text: String) -> [UInt8] {
    Array(text.utf8)
}

func fileMode(_ path: String) -> mode_t {
    var info = stat()
    _ = stat(path, &info)
    return info.st_mode & 0o7777
}

func entries(_ directory: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
}

/// The error a test producer throws midway through a message.
struct SourceFailed: Error, Equatable {}

/// A delivery agent that retries a lock every few milliseconds, so lock tests take milliseconds. The
/// default wait is a hang guard: long, because the test that releases the lock may wait seconds for
/// a cooperative thread while CPU-bound tests run in parallel.
func testAgent(
    lockTimeout: Duration = .seconds(60),
    observer: (@Sendable (String) -> Void)? = nil
) -> MailboxDeliveryAgent {
    MailboxDeliveryAgent(configuration: .init(
        hostName: "mx.example.test",
        lockTimeout: lockTimeout,
        lockRetryInterval: .milliseconds(5),
        lockWaitObserver: observer
    ))
}

/// Delivers `message` in chunks of `chunkSize` bytes.
@discardableResult
func deliver(
    _ message: [UInt8],
    to mailbox: MailboxLocation,
    sender: String = "sender@example.test",
    chunkSize: Int = 7,
    agent: MailboxDeliveryAgent = testAgent()
) throws -> DeliveryReceipt {
    let chunks = stride(from: 0, to: message.count, by: chunkSize).map {
        Array(message[$0..<min(message.count, $0 + chunkSize)])
    }
    return try agent.deliver(to: mailbox, envelopeSender: sender, chunks: chunks)
}

/// `python3` on the PATH, for the interop checks.
let python3: String? = ProcessInfo.processInfo.environment["PATH"]?
    .split(separator: ":")
    .map { "\($0)/python3" }
    .first { FileManager.default.isExecutableFile(atPath: $0) }

/// `bytes` with each CRLF written as LF: a Maildir file as Postfix, Dovecot and mailroom store it.
func lf(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    for (index, byte) in bytes.enumerated() where !(byte == 13 && index + 1 < bytes.count && bytes[index + 1] == 10) {
        out.append(byte)
    }
    return out
}
