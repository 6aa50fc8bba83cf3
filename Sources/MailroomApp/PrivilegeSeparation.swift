import Foundation
import Logging
import MailCore
import MailStore
import MailroomConfig
import PrivilegedAgent

/// A server started as root runs as `mail_owner` once its listeners are bound, as Postfix's daemons
/// run as `postfix`; what still needs root goes to a privileged agent started first (``PrivilegedAgent``):
/// mailbox system calls as each mailbox's owner, and password checks against shadow(5).
///
/// Order (``MailroomServer/start(settings:logger:)``): ``start(settings:logger:)`` resolves (or creates)
/// the account and starts the agent before anything else is opened; the data directory is given to the
/// account; services and listeners are set up as root (ports below 1024, the TLS key); then ``drop()``
/// gives up root for good in every thread of the process.
struct PrivilegeSeparation: Sendable {
    let agent: PrivilegedAgent
    let ownerName: String
    let uid: uid_t
    let gid: gid_t

    /// Starts the agent when the process is root; `nil` (and nothing done) otherwise.
    static func start(settings: Settings, logger: Logger) throws(AppError) -> PrivilegeSeparation? {
        guard geteuid() == 0 else { return nil }
        let (uid, gid) = try MailOwnerAccount.resolve(settings.mailOwner, logger: logger)
        var arguments = ["privileged-agent"]
        for spool in spoolDirectories(settings) {
            arguments += ["--spool-directory", spool]
        }
        arguments += [
            "--server-uid", "\(uid)",
            "--first-valid-uid", "\(settings.firstValidUID)",
            "--last-valid-uid", "\(settings.lastValidUID)",
        ]
        if let virtualUID = settings.virtualUID {
            arguments += ["--virtual-uid", "\(virtualUID)", "--virtual-gid", "\(settings.virtualGID ?? gid)"]
        }
        if case .system = settings.userDatabase {
            arguments += ["--system-mail-domain", settings.mydomain]
        }
        do {
            let agent = try PrivilegedAgent.start(executable: "/proc/self/exe", arguments: arguments)
            return PrivilegeSeparation(agent: agent, ownerName: settings.mailOwner, uid: uid, gid: gid)
        } catch {
            throw AppError("cannot start the privileged agent: \(error)")
        }
    }

    /// The mail spools the agent may work in as root or with the spool's group: `mail_spool_directory`,
    /// and the directory of an INBOX that `mail_location` puts in one place for everybody
    /// (`INBOX=/var/mail/%u`).
    static func spoolDirectories(_ settings: Settings) -> [String] {
        var spools = [settings.mailSpoolDirectory.isEmpty ? "/var/mail" : settings.mailSpoolDirectory]
        if let inbox = settings.mailLocation.inbox, let slash = inbox.lastIndex(of: "/"), inbox.hasPrefix("/") {
            let directory = String(inbox[..<slash])
            if !directory.contains("%"), !spools.contains(directory) {
                spools.append(directory)
            }
        }
        return spools
    }

    /// Gives `path` and what root owns in it to `mail_owner` (Postfix's `set-permissions`), so the
    /// server keeps its queue and accounts after dropping root; files an earlier root-run version made
    /// included. What belongs to another account (virtual mail of a `virtual_uid`) stays its.
    func giveDataDirectory(_ path: String) throws(AppError) {
        guard let walker = FileManager.default.enumerator(atPath: path) else {
            throw AppError("\(path): cannot list data_directory")
        }
        var paths = [path]
        while let relative = walker.nextObject() as? String {
            paths.append(path + "/" + relative)
        }
        for entry in paths {
            var info = stat()
            guard lstat(entry, &info) == 0, info.st_uid == 0 || entry == path else { continue }
            guard lchown(entry, uid, gid) == 0 else {
                throw AppError("\(entry): cannot give it to mail_owner \(ownerName): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Becomes `mail_owner` in every thread (glibc applies set*id to all of them), keeping no
    /// capability, and checks that root cannot be had back.
    func drop() throws(AppError) {
        try ProcessIdentity.become(uid: uid, gid: gid, who: "mail_owner \(ownerName)")
    }
}
