import Glibc

/// An exclusive fcntl(2) write lock on a whole mbox file, the kernel lock that Postfix
/// (`mailbox_delivery_lock = fcntl, dotlock`), mail(1) and Python's `fcntl.lockf` take.
///
/// On Linux the lock is an open file description lock (`F_OFD_SETLK`): it conflicts with the classic
/// POSIX locks other programs hold exactly as a POSIX lock would, but it belongs to our descriptor rather
/// than to the whole process, so two threads of mailroom exclude each other, and another part of the
/// process closing its own descriptor of the same file does not silently drop the lock. Kernels before
/// 3.15 lack it (`EINVAL`); there the classic `F_SETLK` is used.
///
/// Only the non-blocking form is used: `F_SETLKW` cannot time out, so callers retry with a deadline.
enum RecordLock {
    /// `F_OFD_SETLK` from `<fcntl.h>`; the Glibc module does not export it (it needs `_GNU_SOURCE`).
    private static let openFileDescriptionSetLock: Int32 = 37

    /// Takes the lock if nobody else holds it; `false` when another holder has it.
    static func tryLock(_ file: SystemFile) throws(MailStoreError) -> Bool {
        switch try attempt(file, command: openFileDescriptionSetLock) {
        case .locked: return true
        case .busy: return false
        case .unsupported: break
        }
        switch try attempt(file, command: F_SETLK) {
        case .locked: return true
        case .busy: return false
        case .unsupported: throw .system(EINVAL, "cannot lock file", path: file.path)
        }
    }

    private enum Outcome {
        case locked, busy, unsupported
    }

    private static func attempt(_ file: SystemFile, command: Int32) throws(MailStoreError) -> Outcome {
        var request = flock()
        request.l_type = Int16(F_WRLCK)
        request.l_whence = Int16(SEEK_SET)
        request.l_start = 0
        request.l_len = 0
        request.l_pid = 0
        while true {
            if fcntl(file.descriptor, command, &request) == 0 { return .locked }
            switch errno {
            case EINTR: continue
            case EAGAIN, EACCES: return .busy
            case EINVAL: return .unsupported
            default: throw .system(errno, "cannot lock file", path: file.path)
            }
        }
    }
}
