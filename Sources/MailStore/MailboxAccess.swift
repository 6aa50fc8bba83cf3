import MailCore
import Glibc

/// Who a mailbox's files must belong to, the identity mailroom touches them with, and the calls it
/// touches them through.
///
/// Decided as Postfix local(8) decides it (`deliver_mailbox_file()` in src/local/mailbox.c): a Maildir,
/// and an mbox in a directory of the user's own, are worked on as the user; an mbox in a mail spool
/// such as `/var/mail` as the user with the spool's group when the spool is group-writable (Debian's
/// `root:mail 2775`, so `/var/mail/USER` is `USER:mail 0600`), as the user when it is world-writable,
/// and as root otherwise, a new mbox then being given to the user with `fchown()`.
///
/// Acting as someone else needs root or a ``MailboxFileSystem`` that acts for others (the privileged
/// agent). Without either, or for a mailbox with no ``MailboxOwner`` or one of the process's own
/// user, both are the process itself.
///
/// Every operation on a mailbox runs inside ``run(_:)``, which also checks the path (``PathWalker``),
/// and makes its path system calls through this value (``open(_:flags:mode:)`` and its neighbours),
/// which sends them to the file system as ``actor``.
struct MailboxAccess {
    let mailbox: MailboxLocation
    /// Every file of the mailbox must belong to this user; directories on the way to it may also be
    /// root's.
    let owner: FileSystemIdentity
    /// The identity to work as; `nil` is the process's own.
    let actor: FileSystemIdentity?
    let fileSystem: any MailboxFileSystem

    init(for mailbox: MailboxLocation, fileSystem: any MailboxFileSystem) {
        self.mailbox = mailbox
        self.fileSystem = fileSystem
        let process = FileSystemIdentity.process
        guard process.uid == 0 || fileSystem.actsForOthers, let wanted = mailbox.owner else {
            owner = process
            actor = nil
            return
        }
        let user = FileSystemIdentity(uid: wanted.uid, gid: wanted.gid)
        owner = user
        // Root as someone to act as: the process itself when it is root, else the agent's root.
        let root = process.uid == 0 ? process : FileSystemIdentity(uid: 0, gid: 0)
        let chosen = Self.spoolActor(for: mailbox, user: user, root: root, fileSystem: fileSystem) ?? (user.uid == 0 ? root : user)
        actor = chosen == process ? nil : chosen
    }

    /// The actor for an mbox in a spool the user cannot write, by Postfix's rules (above): the user with
    /// the spool's group, or root; `nil` when the mailbox is no such mbox.
    private static func spoolActor(for mailbox: MailboxLocation, user: FileSystemIdentity, root: FileSystemIdentity,
                                   fileSystem: any MailboxFileSystem) -> FileSystemIdentity? {
        guard mailbox.format == .mbox else { return nil }
        // Asked as the user when another process answers: a spool the user cannot look at is one they
        // cannot write either.
        let process = FileSystemIdentity.process
        let asking = process.uid == 0 || user == process ? nil : user
        switch fileSystem.status(parentDirectory(of: mailbox.path), followingLinks: true, as: asking) {
        case .success(let spool) where spool.st_uid != user.uid && spool.st_mode & S_IWOTH == 0:
            return spool.st_mode & S_IWGRP != 0 ? FileSystemIdentity(uid: user.uid, gid: spool.st_gid) : root
        default:
            return nil
        }
    }

    /// Checks the mailbox's path and runs `body`, both as ``actor``; the thread's own identity is back
    /// when it returns or throws. A refused path throws here; what `body` throws is in the result.
    func run<T, E: Error>(_ body: () throws(E) -> T) throws(MailStoreError) -> Result<T, E> {
        try fileSystem.withIdentity(actor) { () throws(MailStoreError) -> Result<T, E> in
            switch mailbox.format {
            case .maildir: try checkPath(mailbox.path, subdirectories: ["cur", "new", "tmp"])
            case .mbox: try checkPath(parentDirectory(of: mailbox.path))
            }
            return Result(catching: body)
        }.get()
    }

    /// Checks `path` and then each of `subdirectories` inside it (``PathWalker``).
    func checkPath(_ path: String, subdirectories: [String] = []) throws(MailStoreError) {
        try fileSystem.checkPath(path, subdirectories: subdirectories, owner: owner.uid, as: actor)
    }

    /// Gives a file mailroom just created as root to ``owner``.
    func adopt(_ file: SystemFile) throws(MailStoreError) {
        guard (actor?.uid ?? geteuid()) == 0, owner.uid != 0 else { return }
        let result = fileSystem.changeOwner(file.descriptor, uid: owner.uid, gid: owner.gid, as: actor)
        guard result == 0 else { throw .system(result, "cannot give the file to \(owner)", path: file.path) }
    }
}
