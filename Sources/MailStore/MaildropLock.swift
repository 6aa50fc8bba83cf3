import MailCore
import Glibc
import Synchronization

/// The lock a POP3 session holds on its maildrop from authentication to QUIT (RFC 1939 §4, §8: the
/// server "acquires an exclusive-access lock on the maildrop"), so a second session for the same mailbox
/// is refused with ``MailStoreError/Code/mailboxInUse``.
///
/// It is an OFD lock (see ``RecordLock``) on a lock file beside the mailbox: `ROOT/mailroom.maildrop.lock`
/// for a Maildir, `PATH.mailroom-maildrop.lock` for an mbox. It is not the mbox's own dot-lock or fcntl
/// lock: those are taken only while the session reads or rewrites the file, so deliveries and mail(1) go
/// on during a session. The kernel drops the lock when the process dies; the file itself stays (removing
/// it would race with the next session's open).
public final class MaildropLock: Sendable {
    /// The lock file.
    public let path: String
    private let file: Mutex<SystemFile?>

    private init(path: String, file: SystemFile) {
        self.path = path
        self.file = Mutex(file)
    }

    /// The lock file's path for `mailbox`.
    public static func path(for mailbox: MailboxLocation) -> String {
        switch mailbox.format {
        case .maildir: mailbox.path + "/mailroom.maildrop.lock"
        case .mbox: mailbox.path + ".mailroom-maildrop.lock"
        }
    }

    /// Takes the lock without waiting.
    /// - Throws: ``MailStoreError/Code/mailboxInUse`` when another session holds it.
    public static func acquire(
        _ mailbox: MailboxLocation, fileSystem: any MailboxFileSystem = DirectMailboxFileSystem()
    ) throws(MailStoreError) -> MaildropLock {
        let access = MailboxAccess(for: mailbox, fileSystem: fileSystem)
        return try access.run { () throws(MailStoreError) in
            try lock(path(for: mailbox), of: mailbox, access: access)
        }.get()
    }

    /// Opens (as the mailbox's owner) and locks the lock file.
    private static func lock(_ path: String, of mailbox: MailboxLocation, access: MailboxAccess) throws(MailStoreError) -> MaildropLock {
        try access.makeDirectories(parentDirectory(of: path))
        let file = try access.open(path, flags: O_RDWR | O_CREAT | O_NOFOLLOW, mode: 0o600)
        do throws(MailStoreError) {
            guard try RecordLock.tryLock(file) else {
                throw MailStoreError(.mailboxInUse, path: mailbox.path, reason: "another session holds the maildrop lock")
            }
        } catch {
            file.closeQuietly()
            throw error
        }
        return MaildropLock(path: path, file: file)
    }

    /// Gives the lock back; later calls do nothing.
    public func release() {
        file.withLock { file in
            file?.closeQuietly()
            file = nil
        }
    }

    deinit {
        release()
    }
}
