import CFileSystemIdentity
import Glibc

/// The user and group the kernel checks file access against and gives new files.
///
/// ``assume()`` switches the calling thread's file system identity (setfsuid(2), setfsgid(2), and the
/// supplementary groups reduced to the one group, as Postfix's `set_eugid()` does) without touching the
/// rest of the process: on Linux these are per-thread credentials, and mailbox work runs synchronously
/// on one thread of a pool. While it is assumed the kernel drops root's file capabilities
/// (`CAP_DAC_OVERRIDE`, `CAP_CHOWN`, `CAP_FOWNER`), so a symbolic or hard link that leads to another
/// user's file fails with `EACCES` as it would for that user.
public struct FileSystemIdentity: Hashable, Sendable, CustomStringConvertible {
    public var uid: uid_t
    public var gid: gid_t

    public init(uid: uid_t, gid: gid_t) {
        self.uid = uid
        self.gid = gid
    }

    /// The process's effective identity.
    public static var process: FileSystemIdentity {
        FileSystemIdentity(uid: geteuid(), gid: getegid())
    }

    /// Becomes this identity on the calling thread until ``Assumed/restore()``. Needs root.
    public func assume() throws(MailStoreError) -> Assumed {
        let saved = Self.threadGroups()
        var group = gid
        guard mailroom_setgroups_this_thread(1, &group) == 0 else {
            throw .system(errno, "cannot take the supplementary groups of \(self)", path: "/")
        }
        // Both calls return the previous value and report no error; asking again tells whether it worked.
        setfsgid(gid)
        setfsuid(uid)
        let assumed = Assumed(saved: saved)
        guard setfsuid(uid) == Int32(bitPattern: uid), setfsgid(gid) == Int32(bitPattern: gid) else {
            assumed.restore()
            throw MailStoreError(.systemError, path: "/", reason: "cannot act as \(self)")
        }
        return assumed
    }

    /// The calling thread's supplementary groups.
    private static func threadGroups() -> [gid_t] {
        var groups = [gid_t](repeating: 0, count: Int(max(getgroups(0, nil), 0)))
        let count = groups.withUnsafeMutableBufferPointer { getgroups(Int32($0.count), $0.baseAddress) }
        return Array(groups.prefix(Int(max(count, 0))))
    }

    /// A thread's borrowed identity; ``restore()`` gives the process's back.
    public struct Assumed {
        fileprivate let saved: [gid_t]

        public func restore() {
            setfsuid(geteuid())
            setfsgid(getegid())
            var groups = saved
            _ = mailroom_setgroups_this_thread(groups.count, &groups)
        }
    }

    public var description: String { "uid \(uid) gid \(gid)" }
}
