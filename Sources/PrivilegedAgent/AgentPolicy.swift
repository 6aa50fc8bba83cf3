import Glibc

/// What the privileged agent agrees to do, so that a subverted server gains no more than the mail
/// users' own rights through it: never root's, never a system account's, never a group it should not
/// have.
///
/// - Root may be acted as only in the mail spool itself (`mail_spool_directory`): the spool directory
///   and the files directly in it (`/var/mail/USER`, its `.lock`), where Postfix's local(8) also works
///   as root when the spool is not group-writable, and for root's own mbox.
/// - In the spool, any user may be acted as, with their own group or the spool's group (Debian's
///   `mail`), since every account's mbox lives there, system accounts' included.
/// - Anywhere else only a mail user: a uid within `first_valid_uid`…`last_valid_uid` with the group
///   passwd(5) gives it, or `virtual_uid` with `virtual_gid`.
/// - Paths are absolute, without `.` or `..` components or NUL bytes, so "in the spool" means what it
///   says. The kernel does the rest: each call is made with the actor's file system identity, which
///   drops root's file capabilities (``MailStore/FileSystemIdentity``).
struct AgentPolicy: Sendable {
    /// `mail_spool_directory` without a trailing slash, as written and with links resolved.
    let spoolDirectories: Set<String>
    /// `first_valid_uid`.
    let firstValidUID: uid_t
    /// `last_valid_uid`; `nil`: no upper limit.
    let lastValidUID: uid_t?
    /// `virtual_uid` and `virtual_gid`, when virtual mail belongs to a user other than the server's.
    let virtualOwner: (uid: uid_t, gid: gid_t)?
    /// A user's primary group (passwd(5)); `nil` for a uid with no account.
    let primaryGroup: @Sendable (uid_t) -> gid_t?
    /// The spool directories' groups, looked up when needed.
    let spoolGroups: @Sendable () -> Set<gid_t>

    /// Why acting as `uid`/`gid` on `path` is refused; `nil` when it is allowed.
    func refusal(uid: uid_t, gid: gid_t, path: String) -> String? {
        guard Self.isPlain(path) else { return "\(path) is not a plain absolute path" }
        if isInSpool(path) {
            if uid == 0 || gid == primaryGroup(uid) || spoolGroups().contains(gid) { return nil }
            return "group \(gid) is neither uid \(uid)'s nor the mail spool's"
        }
        if uid == 0 { return "root is acted as only in the mail spool, not at \(path)" }
        if let virtualOwner, uid == virtualOwner.uid {
            return gid == virtualOwner.gid ? nil : "group \(gid) is not virtual_gid"
        }
        guard uid >= firstValidUID, lastValidUID.map({ uid <= $0 }) ?? true else {
            return "uid \(uid) is outside first_valid_uid…last_valid_uid"
        }
        return gid == primaryGroup(uid) ? nil : "group \(gid) is not uid \(uid)'s"
    }

    /// The spool directory or a name directly in it.
    private func isInSpool(_ path: String) -> Bool {
        spoolDirectories.contains(path) || spoolDirectories.contains(String(parent(of: path)))
    }

    private func parent(of path: String) -> Substring {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return path[..<slash]
    }

    /// Absolute, no empty, `.` or `..` component, no NUL.
    static func isPlain(_ path: String) -> Bool {
        guard path.hasPrefix("/"), !path.utf8.contains(0) else { return false }
        let components = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        return path == "/" || components.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }
}
