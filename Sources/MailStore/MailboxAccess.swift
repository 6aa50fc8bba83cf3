import MailCore
import Glibc

/// Who a mailbox's files must belong to, and the identity mailroom touches them with.
///
/// Decided as Postfix local(8) decides it (`deliver_mailbox_file()` in src/local/mailbox.c): a Maildir,
/// and an mbox in a directory of the user's own, are worked on as the user; an mbox in a mail spool
/// such as `/var/mail` as the user with the spool's group when the spool is group-writable (Debian's
/// `root:mail 2775`, so `/var/mail/USER` is `USER:mail 0600`), as the user when it is world-writable,
/// and as root otherwise, a new mbox then being given to the user with `fchown()`.
///
/// Without root, or for a mailbox with no ``MailboxOwner``, both are the process itself.
///
/// Every operation on a mailbox runs inside ``run(_:)``, which also checks the path (``PathWalker``).
struct MailboxAccess {
    let mailbox: MailboxLocation
    /// Every file of the mailbox must belong to this user; directories on the way to it may also be
    /// root's.
    let owner: FileSystemIdentity
    /// The identity to work as; `nil` keeps the process's.
    let actor: FileSystemIdentity?

    init(for mailbox: MailboxLocation) {
        self.mailbox = mailbox
        let process = FileSystemIdentity.process
        guard process.uid == 0, let wanted = mailbox.owner else {
            owner = process
            actor = nil
            return
        }
        let user = FileSystemIdentity(uid: wanted.uid, gid: wanted.gid)
        owner = user
        if user.uid == 0 {
            actor = nil
            return
        }
        guard mailbox.format == .mbox else {
            actor = user
            return
        }
        var spool = stat()
        if stat(parentDirectory(of: mailbox.path), &spool) != 0 || spool.st_uid == user.uid || spool.st_mode & S_IWOTH != 0 {
            actor = user
        } else if spool.st_mode & S_IWGRP != 0 {
            actor = FileSystemIdentity(uid: user.uid, gid: spool.st_gid)
        } else {
            actor = nil
        }
    }

    /// Checks the mailbox's path and runs `body`, both as ``actor``; the thread's own identity is back
    /// when it returns or throws. A refused path throws here; what `body` throws is in the result.
    func run<T, E: Error>(_ body: () throws(E) -> T) throws(MailStoreError) -> Result<T, E> {
        let assumed = try actor?.assume()
        defer { assumed?.restore() }
        try PathWalker(owner: owner.uid).check(mailbox)
        return Result(catching: body)
    }

    /// Gives a file mailroom just created, as root, to ``owner``.
    func adopt(_ file: SystemFile) throws(MailStoreError) {
        guard actor == nil, owner.uid != geteuid() else { return }
        guard fchown(file.descriptor, owner.uid, owner.gid) == 0 else {
            throw .system(errno, "cannot give the file to \(owner)", path: file.path)
        }
    }
}
