import Glibc

/// Why the queue could not accept, read or update a message.
///
/// ``description`` names the file and the system error; it is meant for the log. What an SMTP client
/// sees is only the generic `451 4.3.0` that ``isTemporary`` leads to.
public struct QueueError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case systemError, corruptQueueFile, transactionClosed, queueStopped
        }

        private let value: Value

        private init(_ value: Value) {
            self.value = value
        }

        /// A system call on a spool file or directory failed; ``QueueError/errorNumber`` says which.
        public static let systemError = Code(.systemError)
        /// A queue file or progress file does not have the expected layout.
        public static let corruptQueueFile = Code(.corruptQueueFile)
        /// `write` or `commit` was called after the transaction was committed or aborted (a caller bug).
        public static let transactionClosed = Code(.transactionClosed)
        /// The thread pool that does the spool I/O has shut down.
        public static let queueStopped = Code(.queueStopped)

        public var description: String {
            switch value {
            case .systemError: "system error"
            case .corruptQueueFile: "corrupt queue file"
            case .transactionClosed: "transaction closed"
            case .queueStopped: "queue stopped"
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// The spool file or directory involved.
    public let path: String
    /// What was being done.
    public let reason: String
    /// The `errno` value, when a system call failed.
    public let errorNumber: Int32?

    init(_ code: Code, path: String, reason: String, errorNumber: Int32? = nil) {
        self.code = code
        self.path = path
        self.reason = reason
        self.errorNumber = errorNumber
    }

    static func system(_ errorNumber: Int32, _ reason: String, path: String) -> QueueError {
        QueueError(.systemError, path: path, reason: reason, errorNumber: errorNumber)
    }

    /// Every spool failure is worth retrying: the disk may fill, the administrator may fix permissions.
    public var isTemporary: Bool { true }

    /// RFC 3463 §3.4 "other or undefined mail system status" (`451 4.3.0` in Postfix's words).
    public var enhancedStatusCode: String { "4.3.0" }

    public var description: String {
        var text = "queue file \(path): \(reason)"
        if let errorNumber {
            text += ": " + String(cString: strerror(errorNumber))
        }
        return text
    }
}
