import Foundation
import Glibc
import Logging
import MailCore
import MailroomConfig
import NIOPosix
import Synchronization
@testable import MailQueue
@testable import MailStore

/// One pool for every test, with more threads than the tests' concurrent deliveries and commits.
let testThreadPool: NIOThreadPool = {
    let pool = NIOThreadPool(numberOfThreads: 8)
    pool.start()
    return pool
}()

/// A fresh directory under /tmp, removed after `body`.
func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async rethrows -> T {
    var template = Array("/tmp/mailqueue-test-XXXXXX".utf8CString)
    let path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try await body(path)
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

func contents(_ path: String) -> [UInt8] {
    FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
}

func entries(_ directory: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
}

/// A wall clock the test moves by hand.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_750_000_000)) {
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    func advance(seconds: Int) {
        current.withLock { $0 = $0.addingTimeInterval(TimeInterval(seconds)) }
    }

    func set(_ date: Date) {
        current.withLock { $0 = date }
    }
}

/// Collects attempt reports.
final class ReportLog: Sendable {
    private let reports = Mutex<[MailQueue.AttemptReport]>([])

    func append(_ report: MailQueue.AttemptReport) {
        reports.withLock { $0.append(report) }
    }

    var all: [MailQueue.AttemptReport] { reports.withLock { $0 } }
}

/// A mailbox store in memory: records each delivery by mailbox path; `failures` scripts errors per
/// path, used up in order (then deliveries succeed), or `alwaysFail` for every attempt.
final class RecordingDelivery: MailboxDelivery {
    struct Stored: Sendable, Equatable {
        var mailbox: String
        var envelopeSender: String
        var bytes: [UInt8]
        var deliveryID: String? = nil

        /// Equal when the stored message is; the delivery ID is checked by the tests that care.
        static func == (a: Stored, b: Stored) -> Bool {
            (a.mailbox, a.envelopeSender, a.bytes) == (b.mailbox, b.envelopeSender, b.bytes)
        }
    }

    private let state = Mutex<(stored: [Stored], failures: [String: [MailStoreError]], always: [String: MailStoreError])>(([], [:], [:]))

    func fail(_ path: String, with errors: [MailStoreError]) {
        state.withLock { $0.failures[path] = errors }
    }

    func alwaysFail(_ path: String, with error: MailStoreError?) {
        state.withLock { $0.always[path] = error }
    }

    var stored: [Stored] { state.withLock { $0.stored } }

    func stored(in mailbox: String) -> [Stored] { stored.filter { $0.mailbox == mailbox } }

    func deliver(
        to mailbox: MailboxLocation, envelopeSender: String, deliveryID: String?, message: (MessageWriter) throws -> Void
    ) throws -> DeliveryReceipt {
        let scripted: MailStoreError? = state.withLock { state in
            if let error = state.always[mailbox.path] { return error }
            guard var errors = state.failures[mailbox.path], !errors.isEmpty else { return nil }
            let error = errors.removeFirst()
            state.failures[mailbox.path] = errors
            return error
        }
        if let scripted { throw scripted }
        var collected: [UInt8] = []
        try message(MessageWriter { collected.append(contentsOf: $0) })
        let stored = Stored(mailbox: mailbox.path, envelopeSender: envelopeSender, bytes: collected, deliveryID: deliveryID)
        state.withLock { $0.stored.append(stored) }
        return DeliveryReceipt(path: mailbox.path, offset: 0, size: Int64(collected.count))
    }
}

extension RecordingDelivery {
    func contains(deliveryID: String, in mailbox: MailboxLocation) throws -> Bool {
        stored(in: mailbox.path).contains { $0.deliveryID == deliveryID }
    }
}

let temporaryStoreError = MailStoreError(.mailboxLocked, path: "/mail/carol", reason: "lock file still held")
let permanentStoreError = MailStoreError(.mailboxFull, path: "/mail/dave", reason: "cannot write file", errorNumber: EDQUOT)

/// Local users `alice`, `bob`, `carol`, `dave` of `example.test`, each with a mailbox `/mail/NAME`
/// (or under `root` as real Maildirs).
func resolver(root: String = "/mail") -> @Sendable (String) throws -> MailboxLocation? {
    { address in
        guard let at = address.firstIndex(of: "@"), address[address.index(after: at)...] == "example.test" else { return nil }
        let name = String(address[..<at])
        guard ["alice", "bob", "carol", "dave"].contains(name) else { return nil }
        return MailboxLocation(format: .maildir, path: root + "/" + name)
    }
}

func isLocal(_ address: String) -> Bool { address.hasSuffix("@example.test") }

/// A queue in `directory` with the test clock, the recording store and the test thread pool.
func makeQueue(
    _ directory: String,
    clock: TestClock = TestClock(),
    delivery: any MailboxDelivery = RecordingDelivery(),
    resolver mailboxResolver: @escaping @Sendable (String) throws -> MailboxLocation? = resolver(),
    remote: (any RemoteTransport)? = nil,
    reports: ReportLog? = nil,
    configure: (inout MailQueue.Configuration) -> Void = { _ in }
) throws -> MailQueue {
    var observer: (@Sendable (MailQueue.AttemptReport) -> Void)?
    if let reports {
        observer = { reports.append($0) }
    }
    var configuration = MailQueue.Configuration(hostName: "mx.example.test", now: { clock.now }, attemptObserver: observer)
    configure(&configuration)
    return try MailQueue(
        directory: directory + "/queue",
        configuration: configuration,
        mailboxDelivery: delivery,
        mailboxResolver: mailboxResolver,
        isLocalAddress: isLocal,
        remoteTransport: remote,
        threadPool: testThreadPool,
        logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    )
}

func recipient(_ address: String, original: String? = nil, notify: [String]? = nil) -> MessageRecipient {
    MessageRecipient(address: address, originalRecipient: original, isLocal: isLocal(address), notify: notify)
}

/// Commits `message` in chunks of `chunkSize`.
@discardableResult
func send(
    _ message: [UInt8], from sender: String, to recipients: [MessageRecipient], into queue: MailQueue,
    chunkSize: Int = 1000
) async throws -> String {
    let transaction = try await queue.startMessage(MessageEnvelope(sender: sender, recipients: recipients))
    var start = 0
    while start < message.count {
        let end = min(message.count, start + chunkSize)
        try await transaction.write(Array(message[start..<end]))
        start = end
    }
    return try await transaction.commit()
}

let sampleMessage = bytes("Received: from client.example.org by mx.example.test; Mon, 1 Jan 2025 00:00:00 +0000\r\nFrom: Sender <sender@example.org>\r\nTo: bob@example.test\r\nSubject: hello\r\n\r\nHello Bob.\r\n.. stays as is\r\n")

/// A message of about `size` bytes with distinct lines, so any misplaced chunk shows.
func largeMessage(size: Int, tag: String = "") -> [UInt8] {
    var text = "Subject: large \(tag)\r\n\r\n"
    var line = 0
    while text.utf8.count < size {
        text += "line \(line) of \(tag) 0123456789abcdefghijklmnopqrstuvwxyz\r\n"
        line += 1
    }
    return bytes(text)
}

/// The header fields of one part (or of the message): lower-cased names, unfolded values.
func headerFields(_ text: Substring) -> [String: String] {
    var fields: [String: String] = [:]
    var lastName: String?
    for line in text.split(separator: "\r\n", omittingEmptySubsequences: false) {
        if line.isEmpty { break }
        if line.first == " " || line.first == "\t", let name = lastName {
            fields[name, default: ""] += " " + line.trimmingCharacters(in: .whitespaces)
            continue
        }
        guard let colon = line.firstIndex(of: ":") else { continue }
        let name = line[..<colon].lowercased()
        fields[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        lastName = name
    }
    return fields
}

/// A parsed RFC 3464 report: the top-level header, its parts (header fields + body), and the
/// delivery-status groups (per-message first, then one per recipient).
struct ParsedReport {
    var header: [String: String]
    var parts: [(header: [String: String], body: String)]
    var statusGroups: [[String: String]]

    init?(_ message: [UInt8]) {
        let text = String(decoding: message, as: UTF8.self)
        guard let headerEnd = text.range(of: "\r\n\r\n") else { return nil }
        header = headerFields(text[..<headerEnd.upperBound])
        guard let type = header["content-type"], let boundaryRange = type.range(of: "boundary=\"") else { return nil }
        let boundary = String(type[boundaryRange.upperBound...].prefix { $0 != "\"" })
        let body = text[headerEnd.upperBound...]
        let pieces = body.components(separatedBy: "--" + boundary)
        guard pieces.count >= 3, pieces.last?.hasPrefix("--") == true else { return nil }
        parts = pieces.dropFirst().dropLast().map { piece in
            let piece = piece.hasPrefix("\r\n") ? String(piece.dropFirst(2)) : piece
            let end = piece.range(of: "\r\n\r\n")
            let fields = headerFields(Substring(piece))
            return (fields, end.map { String(piece[$0.upperBound...]) } ?? "")
        }
        statusGroups = []
        if let status = parts.first(where: { $0.header["content-type"] == "message/delivery-status" }) {
            statusGroups = status.body.components(separatedBy: "\r\n\r\n")
                .filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
                .map { headerFields(Substring($0 + "\r\n")) }
        }
    }
}

/// `bytes` with each CRLF written as LF: a Maildir file as Postfix, Dovecot and mailroom store it.
func lf(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    for (index, byte) in bytes.enumerated() where !(byte == 13 && index + 1 < bytes.count && bytes[index + 1] == 10) {
        out.append(byte)
    }
    return out
}
