/// The user a mailbox belongs to: every file and folder mailroom creates in it gets this owner, and an
/// existing mailbox file must already have it.
///
/// For a system account it is the passwd(5) uid and gid, as Postfix local(8) delivers "with the rights
/// of the recipient user"; for a virtual account, `virtual_uid` and `virtual_gid` (Postfix's
/// `virtual_uid_maps`, Dovecot's `mail_uid`). It only takes effect when mailroom runs as root: an
/// unprivileged mailroom cannot act as anyone else, so its mailboxes are its own.
public struct MailboxOwner: Hashable, Sendable, CustomStringConvertible {
    /// The owning user id.
    public var uid: UInt32
    /// The group id new files get, unless the directory decides (a set-group-ID mail spool).
    public var gid: UInt32

    public init(uid: UInt32, gid: UInt32) {
        self.uid = uid
        self.gid = gid
    }

    public var description: String { "uid \(uid) gid \(gid)" }
}
