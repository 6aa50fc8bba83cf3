import Foundation

/// What is compared to decide whether a file (an alias file, a zone file, named.conf) must be read
/// again: device, inode, size and modification time (to the nanosecond), or the file's absence.
///
/// A replaced file (`mv new aliases`) has a new inode; an edit in place changes the size or the
/// modification time. The stamp is taken before the file is read, so an edit that races with the
/// read leaves a stamp that no longer matches, and the next check reads the file again.
public struct FileStamp: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modifiedSeconds: Int64
    var modifiedNanoseconds: Int64

    /// The stamp of `path`; `nil` when there is no such file; throws `FILE: cannot read: REASON` otherwise.
    public static func of(_ path: String) throws(ConfigError) -> FileStamp? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            let reason = String(cString: strerror(errno))
            throw ConfigError(.unreadable, file: path, line: nil, message: "cannot read: \(reason)")
        }
        #if canImport(Darwin)
        let modified = info.st_mtimespec
        #else
        let modified = info.st_mtim
        #endif
        return FileStamp(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modifiedSeconds: Int64(modified.tv_sec), modifiedNanoseconds: Int64(modified.tv_nsec))
    }
}
