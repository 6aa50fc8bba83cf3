import Glibc

/// Why a mailbox could not be written, with the RFC 3463 status a bounce or a deferral carries.
///
/// The mapping from system errors follows Postfix's `mbox_dsn()` (src/global/mbox_open.c), so a
/// mailroom log line reads like a Postfix one:
/// - `ENOSPC`: the file system is full, **temporary**, `4.3.0`;
/// - `EDQUOT`, `EFBIG`: the user's quota or file size limit is reached, **permanent**, `5.2.2`
///   ("mailbox full", RFC 3463 §3.3), as Postfix and Dovecot LDA (`quota_full_tempfail = no`) treat it;
/// - a mailbox still locked by a reader when the wait runs out, **temporary**, `4.2.0`;
/// - a path that cannot be created or opened for lack of permission, and every other system error,
///   **temporary**, `4.2.0`: the administrator can fix the directory, and the queue retries until
///   the message's lifetime runs out, so no mail bounces because of a transient misconfiguration;
/// - a `mail_location` that does not expand to an absolute path, **temporary**, `4.3.5`
///   (RFC 3463 §3.4 "system incorrectly configured").
///
/// ``description`` is one line fit for a bounce or a log: the mailbox path and the reason, never message
/// content.
public struct MailStoreError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case mailboxLocked, mailboxFull, storageFull, notAMailbox, invalidLocation, systemError, mailboxInUse, corruptIndex, messageNotFound
        }

        private let value: Value

        private init(_ value: Value) {
            self.value = value
        }

        /// A reader held the dot-lock or the fcntl lock for longer than the configured wait.
        public static let mailboxLocked = Code(.mailboxLocked)
        /// The user's quota or the file size limit is reached (`EDQUOT`, `EFBIG`).
        public static let mailboxFull = Code(.mailboxFull)
        /// The file system is full (`ENOSPC`).
        public static let storageFull = Code(.storageFull)
        /// The path exists but is not a mailbox of the expected kind (a symbolic link, a device, a directory
        /// where a file belongs), or it changed while it was being locked; or it is not safe to use: a
        /// file or directory of another user, a user's symbolic link on the way, an mbox with more than
        /// one hard link (see ``MailboxDeliveryAgent``). Temporary, so the message stays queued.
        public static let notAMailbox = Code(.notAMailbox)
        /// `mail_location` did not expand to a usable absolute path for this account.
        public static let invalidLocation = Code(.invalidLocation)
        /// Any other system call failure; ``MailStoreError/errorNumber`` says which.
        public static let systemError = Code(.systemError)
        /// Another session holds the maildrop lock (RFC 1939 §8: "maildrop already locked"); see
        /// ``MaildropLock``.
        public static let mailboxInUse = Code(.mailboxInUse)
        /// The mailbox index could not be parsed; it is rebuilt with a new UIDVALIDITY.
        public static let corruptIndex = Code(.corruptIndex)
        /// A message of a snapshot is no longer in the mailbox (another program deleted it).
        public static let messageNotFound = Code(.messageNotFound)

        public var description: String {
            switch value {
            case .mailboxLocked: "mailbox locked"
            case .mailboxFull: "mailbox full"
            case .storageFull: "storage full"
            case .notAMailbox: "not a mailbox"
            case .invalidLocation: "invalid mail location"
            case .systemError: "system error"
            case .mailboxInUse: "mailbox in use"
            case .corruptIndex: "corrupt mailbox index"
            case .messageNotFound: "message not found"
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// The mailbox (or the file or directory within it) that failed.
    public let path: String
    /// The `errno` value, when a system call failed.
    public let errorNumber: Int32?
    /// What was being done, such as `cannot open file`.
    public let reason: String

    init(_ code: Code, path: String, reason: String, errorNumber: Int32? = nil) {
        self.code = code
        self.path = path
        self.reason = reason
        self.errorNumber = errorNumber
    }

    /// A path that is not one to work in (a link planted by a user, a directory of someone else).
    public static func refused(path: String, reason: String) -> MailStoreError {
        MailStoreError(.notAMailbox, path: path, reason: reason)
    }

    /// A failed system call, classified the way Postfix's `mbox_dsn()` classifies it.
    public static func system(_ errorNumber: Int32, _ reason: String, path: String) -> MailStoreError {
        let code: Code = switch errorNumber {
        case ENOSPC: .storageFull
        case EDQUOT, EFBIG: .mailboxFull
        case ELOOP, ENOTDIR, EISDIR: .notAMailbox
        default: .systemError
        }
        return MailStoreError(code, path: path, reason: reason, errorNumber: errorNumber)
    }

    /// Whether the sender should try again later (a `4xx` reply or a deferral) rather than bounce.
    public var isTemporary: Bool { code != .mailboxFull }

    /// The RFC 3463 enhanced status code for the DSN or the SMTP/LMTP reply.
    public var enhancedStatusCode: String {
        switch code {
        case .mailboxFull: "5.2.2"
        case .storageFull: "4.3.0"
        case .invalidLocation: "4.3.5"
        default: "4.2.0"
        }
    }

    public var description: String {
        var text = "cannot update mailbox \(path): \(reason)"
        if let errorNumber {
            text += ": " + String(cString: strerror(errorNumber))
        }
        return text
    }
}
