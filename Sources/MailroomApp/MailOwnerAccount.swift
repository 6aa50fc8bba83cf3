import Foundation
import Logging

/// The `mail_owner` account: found in passwd(5), or created as a system account with its own group
/// and no login, as installing Postfix creates `postfix`.
enum MailOwnerAccount {
    static func resolve(_ name: String, logger: Logger) throws(AppError) -> (uid: uid_t, gid: gid_t) {
        if let found = lookUp(name) { return try checked(found, name) }
        let useradd = Process()
        useradd.executableURL = URL(fileURLWithPath: "/usr/sbin/useradd")
        useradd.arguments = ["--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
                             "--shell", "/usr/sbin/nologin", "--comment", "mailroom mail_owner", name]
        do {
            try useradd.run()
            useradd.waitUntilExit()
        } catch {
            throw AppError("mail_owner \(name) does not exist and useradd could not run: \(AppError.reason(error))")
        }
        guard useradd.terminationStatus == 0, let created = lookUp(name) else {
            throw AppError("mail_owner \(name) does not exist and could not be created (useradd exit \(useradd.terminationStatus))")
        }
        logger.notice("created the system account \(name) for mail_owner")
        return try checked(created, name)
    }

    private static func lookUp(_ name: String) -> (uid: uid_t, gid: gid_t)? {
        guard let entry = getpwnam(name) else { return nil }
        return (entry.pointee.pw_uid, entry.pointee.pw_gid)
    }

    /// Postfix refuses a `mail_owner` that is root, and so do we: it would drop nothing.
    private static func checked(_ account: (uid: uid_t, gid: gid_t), _ name: String) throws(AppError) -> (uid: uid_t, gid: gid_t) {
        guard account.uid != 0, account.gid != 0 else {
            throw AppError("mail_owner \(name) is root or in group root; name an unprivileged account")
        }
        return account
    }
}
