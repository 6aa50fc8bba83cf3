import Glibc

/// The system calls mailbox work makes by path, each made as one identity (the mailbox's actor, see
/// ``MailboxAccess``): the seam between the stores and the kernel.
///
/// Two implementations: ``DirectMailboxFileSystem`` makes the calls itself, switching the calling
/// thread's file system identity when the process is root; mailroom's privileged agent stands behind
/// the other once the server has dropped root, so the process that talks to the network never holds
/// more than the mailbox owner's rights, and only through these calls.
///
/// Results are `errno` values (0 for success), not thrown errors, so they cross a process boundary
/// as they are; ``MailboxAccess`` turns them into ``MailStoreError``s that name the path. Descriptors
/// work without the identity once open (reads, writes, `fsync`, locks), which is why only path
/// operations are here.
public protocol MailboxFileSystem: Sendable {
    /// True when another process makes the calls that name an actor, one with the rights to act as
    /// that actor (the privileged agent); false when this process makes every call itself.
    var actsForOthers: Bool { get }

    /// Runs `body`, inside which the other calls are made as `actor` (`nil`: the process itself).
    func withIdentity<T, E: Error>(
        _ actor: FileSystemIdentity?, _ body: () throws(E) -> T
    ) throws(MailStoreError) -> Result<T, E>

    /// Checks the directories on the way to `path` and then `subdirectories` inside it (``PathWalker``).
    func checkPath(_ path: String, subdirectories: [String], owner: uid_t,
                   as actor: FileSystemIdentity?) throws(MailStoreError)

    /// open(2); the descriptor or the `errno`. `O_CLOEXEC` is always added.
    func open(_ path: String, flags: Int32, mode: mode_t, as actor: FileSystemIdentity?) -> Result<Int32, SystemErrorNumber>

    /// mkdir(2): 0 or the `errno`.
    func makeDirectory(_ path: String, mode: mode_t, as actor: FileSystemIdentity?) -> Int32

    /// rename(2): 0 or the `errno`.
    func rename(_ source: String, to target: String, as actor: FileSystemIdentity?) -> Int32

    /// unlink(2): 0 or the `errno`.
    func unlink(_ path: String, as actor: FileSystemIdentity?) -> Int32

    /// rmdir(2) of an empty directory (IMAP DELETE of a Maildir++ folder): 0 or the `errno`.
    func removeDirectory(_ path: String, as actor: FileSystemIdentity?) -> Int32

    /// stat(2), or lstat(2) when `followingLinks` is false.
    func status(_ path: String, followingLinks: Bool, as actor: FileSystemIdentity?) -> Result<stat, SystemErrorNumber>

    /// fchown(2) of a descriptor the caller holds: 0 or the `errno`.
    func changeOwner(_ descriptor: Int32, uid: uid_t, gid: gid_t, as actor: FileSystemIdentity?) -> Int32
}

/// An `errno` value as an `Error`, for `Result`.
public struct SystemErrorNumber: Error, Equatable, Sendable {
    public let value: Int32

    public init(_ value: Int32) {
        self.value = value
    }
}
