import Glibc
import MailCore

/// The mailbox directories ``PathWalker`` walked to in full and found safe, with their subdirectories,
/// so that the next check of the same path costs one `stat` instead of two system calls per component
/// and three for `cur/`, `new/` and `tmp/` (IMAP checks the path at every command: for a Maildir
/// seven levels down the walk was a quarter of a FETCH's CPU).
///
/// A remembered directory is trusted again only when the path still leads to it: same device and
/// inode, same owner, same change time. Whatever links now lie on the way, they end in the very
/// directory that was checked, so no other user's files are within reach that were not before. Its
/// entries are the ones checked too: replacing `cur/` with a link, or making a missing `tmp/`, changes
/// the directory and so its change time. A directory deleted and its inode number reused for another
/// is told apart by its change time as well. A directory that changed in the second of the walk is
/// not remembered, since a change later in the same clock tick could leave the same time behind.
/// A path that leads anywhere else, or to a changed directory, is walked again in full, and refused
/// as before.
final class CheckedDirectories: Sendable {
    /// The process's memory, shared by every check of ``DirectMailboxFileSystem``.
    static let shared = CheckedDirectories()

    /// At most this many paths are remembered; past it all are forgotten and walked again.
    let capacity: Int

    struct Key: Hashable {
        let path: String
        let subdirectories: [String]
        let owner: uid_t
        let server: uid_t
    }

    /// What makes a directory the same one: where it is on disk, who owns it, when it last changed.
    struct Identity: Equatable {
        let device: UInt
        let inode: UInt
        let owner: uid_t
        let changed: timespec

        init(_ info: stat) {
            device = UInt(info.st_dev)
            inode = UInt(info.st_ino)
            owner = info.st_uid
            changed = info.st_ctim
        }

        static func == (a: Identity, b: Identity) -> Bool {
            a.device == b.device && a.inode == b.inode && a.owner == b.owner
                && a.changed.tv_sec == b.changed.tv_sec && a.changed.tv_nsec == b.changed.tv_nsec
        }
    }

    private let known = ParkingMutex([Key: Identity]())
    /// The time in seconds now (tests move it on, as a directory's change time cannot be set).
    private let now: @Sendable () -> Int

    init(capacity: Int = 4096, now: @escaping @Sendable () -> Int = { time(nil) }) {
        self.capacity = capacity
        self.now = now
    }

    /// Whether `key`'s path, followed as it is now, leads to the directory remembered for it.
    func stillLeadsToChecked(_ key: Key) -> Bool {
        guard let remembered = known.withLock({ $0[key] }) else { return false }
        var info = stat()
        guard stat(key.path, &info) == 0 else { return false }
        return Identity(info) == remembered
    }

    /// Remembers the directory `key`'s walk reached, unless it changed too recently to tell a later
    /// change apart (see above).
    func remember(_ key: Key, _ info: stat) {
        guard info.st_ctim.tv_sec + 1 < now() else { return }
        known.withLock { directories in
            if directories.count >= capacity { directories.removeAll(keepingCapacity: true) }
            directories[key] = Identity(info)
        }
    }
}
