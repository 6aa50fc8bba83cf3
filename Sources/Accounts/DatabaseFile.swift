import Foundation
import Glibc

/// Reading and replacing a small database file (a passwd-file, /etc/passwd, /etc/shadow) with POSIX calls,
/// so that a missing file, a permission problem and a concurrent writer each get their own answer.
enum DatabaseFile {
    /// What identifies one version of a file: a rename gives a new inode, an in-place edit a new mtime or size.
    struct Version: Equatable, Sendable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: timespec

        init(_ status: stat) {
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
            size = Int64(status.st_size)
            modified = status.st_mtim
        }

        static func == (lhs: Version, rhs: Version) -> Bool {
            lhs.device == rhs.device && lhs.inode == rhs.inode && lhs.size == rhs.size
                && lhs.modified.tv_sec == rhs.modified.tv_sec && lhs.modified.tv_nsec == rhs.modified.tv_nsec
        }
    }

    /// The version of the file at `path` now; `nil` when it does not exist.
    static func version(of path: String) throws -> Version? {
        var status = stat()
        guard stat(path, &status) == 0 else {
            if errno == ENOENT { return nil }
            throw AccountsError(.databaseUnreadable, "cannot read \(path): \(lastError())")
        }
        return Version(status)
    }

    /// The file's text and the version it was read from; `nil` when it does not exist.
    static func read(_ path: String) throws -> (text: String, version: Version)? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw AccountsError(.databaseUnreadable, "cannot read \(path): \(lastError())")
        }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            throw AccountsError(.databaseUnreadable, "cannot read \(path): \(lastError())")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw AccountsError(.databaseUnreadable, "cannot read \(path): \(lastError())")
            }
            bytes += chunk[..<count]
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw AccountsError(.databaseUnreadable, "cannot read \(path): it is not UTF-8 text")
        }
        return (text, Version(status))
    }

    /// Replaces the file at `path` with `transform(current text)`, so that readers see the old file or the
    /// new one and never a torn write, and concurrent writers (two `mailroom user` commands, or tasks in
    /// one process) do not lose each other's changes:
    /// `flock` on `PATH.lock` for the read-modify-write, the new text into `PATH.tmp` (mode 0600: it holds
    /// password hashes), fsync, rename over `PATH`, fsync the directory so the rename survives a crash.
    /// Run as root, the new file and the lock keep the owner of the old file (else of the directory):
    /// a server that dropped root to `mail_owner` must still read what `mailroom user` wrote.
    static func replace(_ path: String, transform: (String?) throws -> String) throws {
        let directory = parentDirectory(of: path)
        try createDirectory(directory)
        let keeper = geteuid() == 0 ? ownerToKeep(path, directory: directory) : nil

        let lock = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0 else { throw writeError("cannot open \(path).lock") }
        if let keeper, fchown(lock, keeper.uid, keeper.gid) != 0 { throw writeError("cannot chown \(path).lock") }
        // Closing the descriptor releases the lock.
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else { throw writeError("cannot lock \(path).lock") }
        }

        let updated = try transform(try read(path)?.text)
        let temporary = path + ".tmp"
        try writeSynced(Array(updated.utf8), to: temporary, owner: keeper)
        guard rename(temporary, path) == 0 else { throw writeError("cannot rename \(temporary)") }
        try syncDirectory(directory)
    }

    /// The owner of `path`, else of `directory`; `nil` when that is root (nothing to keep).
    private static func ownerToKeep(_ path: String, directory: String) -> (uid: uid_t, gid: gid_t)? {
        var info = stat()
        guard stat(path, &info) == 0 || stat(directory, &info) == 0, info.st_uid != 0 else { return nil }
        return (info.st_uid, info.st_gid)
    }

    private static func writeSynced(_ bytes: [UInt8], to path: String, owner: (uid: uid_t, gid: gid_t)?) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw writeError("cannot create \(path)") }
        defer { close(fd) }
        if let owner, fchown(fd, owner.uid, owner.gid) != 0 { throw writeError("cannot chown \(path)") }
        // The mode given to open() is filtered by the umask, and a stale file keeps its old mode.
        guard fchmod(fd, 0o600) == 0 else { throw writeError("cannot chmod \(path)") }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw writeError("cannot write \(path)")
            }
            written += count
        }
        guard fsync(fd) == 0 else { throw writeError("cannot sync \(path)") }
    }

    private static func syncDirectory(_ directory: String) throws {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw writeError("cannot open \(directory)") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw writeError("cannot sync \(directory)") }
    }

    private static func createDirectory(_ directory: String) throws {
        do {
            // Only directories made here get 0700; an existing data directory keeps its mode.
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw AccountsError(.databaseWriteFailed, "cannot create directory \(directory): \(error.localizedDescription)")
        }
    }

    private static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Builds the error for a failed write step; reads `errno`, so call it straight after the failing call.
    private static func writeError(_ step: String) -> AccountsError {
        AccountsError(.databaseWriteFailed, "\(step): \(lastError())")
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
