import Glibc

/// ``MailboxFileSystem`` by direct system calls, in this process.
///
/// Run as root, ``withIdentity(_:_:)`` gives the calling thread the actor's file system identity
/// (``FileSystemIdentity/assume()``) for the whole body, so every call inside it is checked by the
/// kernel as the actor's own; the `as` arguments are then already in force. Run as anyone else, calls
/// are the process's own.
public struct DirectMailboxFileSystem: MailboxFileSystem {
    /// The server's uid, whose directories a path may pass through (``PathWalker``).
    let serverUID: uid_t

    /// Calls for a server running as `serverUID`: this process, or the server a privileged agent
    /// works for.
    public init(serverUID: uid_t = geteuid()) {
        self.serverUID = serverUID
    }

    public var actsForOthers: Bool { false }

    public func withIdentity<T, E: Error>(
        _ actor: FileSystemIdentity?, _ body: () throws(E) -> T
    ) throws(MailStoreError) -> Result<T, E> {
        let assumed = try actor?.assume()
        defer { assumed?.restore() }
        return Result(catching: body)
    }

    public func checkPath(_ path: String, subdirectories: [String], owner: uid_t,
                          as actor: FileSystemIdentity?) throws(MailStoreError) {
        try PathWalker(owner: owner, server: serverUID).check(path, subdirectories: subdirectories, checked: .shared)
    }

    public func open(_ path: String, flags: Int32, mode: mode_t, as actor: FileSystemIdentity?) -> Result<Int32, SystemErrorNumber> {
        while true {
            let descriptor = Glibc.open(path, flags | O_CLOEXEC, mode)
            if descriptor >= 0 { return .success(descriptor) }
            if errno != EINTR { return .failure(SystemErrorNumber(errno)) }
        }
    }

    public func makeDirectory(_ path: String, mode: mode_t, as actor: FileSystemIdentity?) -> Int32 {
        mkdir(path, mode) == 0 ? 0 : errno
    }

    public func rename(_ source: String, to target: String, as actor: FileSystemIdentity?) -> Int32 {
        Glibc.rename(source, target) == 0 ? 0 : errno
    }

    public func unlink(_ path: String, as actor: FileSystemIdentity?) -> Int32 {
        Glibc.unlink(path) == 0 ? 0 : errno
    }

    public func removeDirectory(_ path: String, as actor: FileSystemIdentity?) -> Int32 {
        rmdir(path) == 0 ? 0 : errno
    }

    public func status(_ path: String, followingLinks: Bool, as actor: FileSystemIdentity?) -> Result<stat, SystemErrorNumber> {
        var info = stat()
        let result = followingLinks ? stat(path, &info) : lstat(path, &info)
        return result == 0 ? .success(info) : .failure(SystemErrorNumber(errno))
    }

    public func changeOwner(_ descriptor: Int32, uid: uid_t, gid: gid_t, as actor: FileSystemIdentity?) -> Int32 {
        fchown(descriptor, uid, gid) == 0 ? 0 : errno
    }
}
