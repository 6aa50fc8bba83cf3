import Glibc

/// Gives up root for good: the process becomes `uid`/`gid` with that group alone, in every thread
/// (glibc applies set*id to all of them), and root cannot be taken back (checked).
enum ProcessIdentity {
    /// - Parameter who: names the account in the error, e.g. `mail_owner mailroom`.
    static func become(uid: uid_t, gid: gid_t, who: String) throws(AppError) {
        var groups = [gid]
        guard setgroups(1, &groups) == 0, setgid(gid) == 0, setuid(uid) == 0 else {
            throw AppError("cannot become \(who): \(String(cString: strerror(errno)))")
        }
        guard getuid() == uid, geteuid() == uid, getegid() == gid, setuid(0) != 0 else {
            throw AppError("root could be taken back after becoming \(who)")
        }
    }
}
