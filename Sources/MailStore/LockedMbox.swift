import Glibc

/// An mbox file opened for appending and held under both locks mail readers honour: the dot-lock and
/// the fcntl lock, taken in Postfix's order (`mbox_open()`: dot-lock, then open, then the kernel lock)
/// and released in reverse.
///
/// Waiting never holds one lock while waiting for the other: when the fcntl lock is taken (mail(1) and
/// s-nail take it before their dot-lock), the dot-lock is given back before the pause, so a reader that
/// locks in the opposite order cannot deadlock with a delivery. The whole wait is bounded by
/// `lockTimeout`; after it the delivery fails temporarily and the queue retries later.
struct LockedMbox {
    let file: SystemFile
    private let dotLock: DotLock?

    static func acquire(
        _ path: String,
        configuration: MailboxDeliveryAgent.Configuration,
        access: MailboxAccess
    ) throws(MailStoreError) -> LockedMbox {
        let clock = ContinuousClock()
        let deadline = clock.now + configuration.lockTimeout
        var waited = false
        while true {
            let blocker: String
            switch try DotLock.tryAcquire(for: path, staleAge: configuration.staleLockAge, access: access) {
            case .busy:
                blocker = "lock file \(DotLock.lockPath(for: path))"
            case .acquired(let dotLock):
                if let locked = try tryLockFile(path, dotLock: dotLock, access: access) { return locked }
                blocker = "fcntl lock"
            case .notPermitted:
                if let locked = try tryLockFile(path, dotLock: nil, access: access) { return locked }
                blocker = "fcntl lock"
            }
            let now = clock.now
            guard now < deadline else {
                throw MailStoreError(.mailboxLocked, path: path, reason: "\(blocker) still held after \(configuration.lockTimeout)")
            }
            if !waited {
                waited = true
                configuration.lockWaitObserver?(path)
            }
            pause(for: min(configuration.lockRetryInterval, deadline - now))
        }
    }

    /// Opens the file and takes its fcntl lock; `nil` (with the dot-lock given back) when another program
    /// holds the fcntl lock or replaced the file meanwhile.
    private static func tryLockFile(_ path: String, dotLock: DotLock?, access: MailboxAccess) throws(MailStoreError) -> LockedMbox? {
        let file: SystemFile
        do {
            file = try openMbox(path, access: access)
        } catch {
            dotLock?.release()
            throw error
        }
        do {
            if try RecordLock.tryLock(file), try refersToPath(file, access: access) {
                return LockedMbox(file: file, dotLock: dotLock)
            }
        } catch {
            file.closeQuietly()
            dotLock?.release()
            throw error
        }
        file.closeQuietly()
        dotLock?.release()
        return nil
    }

    /// Releases the fcntl lock (by closing the descriptor), then removes the dot-lock.
    func release() {
        file.closeQuietly()
        dotLock?.release()
    }

    /// Opens (creating with mode 0600, given to the owner) the mbox file for appending. The last path
    /// component may not be a symbolic link, so a user cannot point their mailbox at another file; it must
    /// be a regular file of the mailbox's owner (Postfix's `strict_mailbox_ownership`) with no other
    /// name (Postfix's `safe_open()` refuses a file with more than one hard link): an existing file of
    /// someone else is refused, never taken over.
    private static func openMbox(_ path: String, access: MailboxAccess) throws(MailStoreError) -> SystemFile {
        let flags = O_RDWR | O_APPEND | O_NOFOLLOW | O_NONBLOCK
        let file: SystemFile
        do {
            file = try access.open(path, flags: flags)
        } catch where error.errorNumber == ENOENT {
            file = try createMbox(path, flags: flags, access: access)
        }
        do throws(MailStoreError) {
            let info = try file.status()
            guard info.st_mode & S_IFMT == S_IFREG else {
                throw MailStoreError(.notAMailbox, path: path, reason: "is not a regular file")
            }
            guard info.st_uid == access.owner.uid else {
                throw MailStoreError(.notAMailbox, path: path,
                                     reason: "belongs to uid \(info.st_uid), not to the mailbox's owner (uid \(access.owner.uid))")
            }
            guard info.st_nlink == 1 else {
                throw MailStoreError(.notAMailbox, path: path, reason: "has \(info.st_nlink) hard links")
            }
        } catch {
            file.closeQuietly()
            throw error
        }
        return file
    }

    /// Creates the mbox; another process creating it first is fine.
    private static func createMbox(_ path: String, flags: Int32, access: MailboxAccess) throws(MailStoreError) -> SystemFile {
        let file: SystemFile
        do {
            file = try access.open(path, flags: flags | O_CREAT | O_EXCL, mode: 0o600)
        } catch where error.errorNumber == EEXIST {
            return try access.open(path, flags: flags)
        }
        do {
            try access.adopt(file)
        } catch {
            file.closeQuietly()
            throw error
        }
        return file
    }

    /// Whether the locked descriptor is still the file at `path`: a reader may have replaced the file
    /// (written a new one and renamed it over the old) between our open and our lock, as Postfix's
    /// `mbox_open()` also checks.
    private static func refersToPath(_ file: SystemFile, access: MailboxAccess) throws(MailStoreError) -> Bool {
        let opened = try file.status()
        guard case .success(let current) = access.status(file.path) else { return false }
        return opened.st_nlink > 0 && opened.st_dev == current.st_dev && opened.st_ino == current.st_ino
    }
}

/// Sleeps the calling thread; `EINTR` continues with the remaining time.
func pause(for duration: Duration) {
    let (seconds, attoseconds) = duration.components
    guard seconds > 0 || attoseconds > 0 else { return }
    var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0, errno == EINTR {
        request = remaining
    }
}
