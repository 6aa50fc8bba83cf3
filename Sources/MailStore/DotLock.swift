import Glibc

/// The `FILE.lock` file that mail(1), mutt, procmail and Postfix local(8) create beside an mbox file
/// before changing it (Postfix `dot_lockfile()`, liblockfile's `lockfile_create()`).
///
/// The lock is created with `O_EXCL`, which never follows a symbolic link (open(2)): a link planted at
/// the lock's name is a lock held by someone, never a file written through. It holds the creator's
/// process id. A lock file whose modification
/// time is older than the stale age (five minutes, as liblockfile and mutt assume) was left by a crashed
/// program and is removed; the modification time is used rather than Postfix's change time because
/// lock holders that run long refresh it with `utime()`, as liblockfile's `lockfile_touch()` does.
struct DotLock {
    /// What one attempt found.
    enum Attempt {
        /// This process holds the lock now.
        case acquired(DotLock)
        /// Another program holds it.
        case busy
        /// The directory does not let us create files (`EACCES`, `EPERM`, `EROFS`); Postfix then goes on
        /// with the kernel lock alone (`MBOX_DOT_LOCK_MAY_FAIL`).
        case notPermitted
    }

    let path: String
    private let access: MailboxAccess

    static func lockPath(for file: String) -> String {
        file + ".lock"
    }

    static func tryAcquire(for file: String, staleAge: Duration, access: MailboxAccess) throws(MailStoreError) -> Attempt {
        let path = lockPath(for: file)
        // Twice at most: the second try follows the removal of a stale lock.
        for _ in 0..<2 {
            let result = access.fileSystem.open(path, flags: O_WRONLY | O_CREAT | O_EXCL, mode: 0o644, as: access.actor)
            if case .success(let descriptor) = result {
                let lock = SystemFile(descriptor: descriptor, path: path)
                var pid = "\(getpid())\n"
                try? pid.withUTF8 { try lock.write(UnsafeRawBufferPointer($0)) }
                lock.closeQuietly()
                return .acquired(DotLock(path: path, access: access))
            }
            guard case .failure(let error) = result else { continue }
            switch error.value {
            case EEXIST:
                guard isStale(path, staleAge: staleAge, access: access), access.unlink(path) == 0 else { return .busy }
            case EACCES, EPERM, EROFS:
                return .notPermitted
            case EINTR:
                continue
            case let other:
                throw .system(other, "cannot create lock file \(path)", path: file)
            }
        }
        return .busy
    }

    /// The lock's own age: a symbolic link planted as a lock is judged by itself, not by what it points
    /// to, and removing it removes the link.
    private static func isStale(_ path: String, staleAge: Duration, access: MailboxAccess) -> Bool {
        guard case .success(let info) = access.status(path) else { return false }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) - Int64(info.st_mtim.tv_sec) > staleAge.components.seconds
    }

    func release() {
        access.unlink(path)
    }
}
