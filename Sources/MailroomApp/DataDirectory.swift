import Foundation

/// The `data_directory`: queue, account database, state and generated keys live here. It is 0711:
/// other users may pass through it to `public/` (0755), where the server's `sendmail` socket lets
/// them submit mail, but may not list it; everything else in it is private to the server's user
/// (`queue/` 0700, the users file and keys 0600), as Postfix keeps `public/` beside a private queue.
public enum DataDirectory {
    /// Creates `path` (and missing parents) as 0711 when it does not exist; fails with a one-line
    /// message when it cannot be made or is not a directory.
    public static func prepare(_ path: String) throws(AppError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw AppError("\(path): data_directory is not a directory") }
            guard access(path, R_OK | W_OK | X_OK) == 0 else {
                throw AppError("\(path): data_directory is not writable: \(String(cString: strerror(errno)))")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o711])
        } catch {
            throw AppError("\(path): cannot create data_directory: \(AppError.reason(error))")
        }
    }

    /// For the server: the data directory becomes 0711 (one made 0700 by an older version included)
    /// and `public/` exists as 0755, so that every user can reach the `sendmail` socket.
    static func preparePublic(_ path: String) throws(AppError) {
        let directory = publicDirectory(path)
        guard chmod(path, 0o711) == 0,
              mkdir(directory, 0o755) == 0 || errno == EEXIST,
              chmod(directory, 0o755) == 0
        else { throw AppError("\(directory): cannot prepare the sendmail socket's directory: \(String(cString: strerror(errno)))") }
    }

    /// `$data_directory/public`: what other users may reach.
    static func publicDirectory(_ path: String) -> String {
        path + "/public"
    }

    /// `$data_directory/public/sendmail`: the socket `mailroom sendmail` submits through when it is
    /// run by a user who cannot write the queue.
    public static func sendmailSocketPath(_ path: String) -> String {
        publicDirectory(path) + "/sendmail"
    }

    /// True when the running user may write the queue itself: root, the data directory's owner, or
    /// anyone while the directory does not exist yet (``prepare(_:)`` then makes it theirs).
    public static func isWritableByCaller(_ path: String) -> Bool {
        owner(path).map { geteuid() == 0 || geteuid() == $0 } ?? true
    }

    /// Run as root on a data directory that belongs to another account (`mail_owner`, once `serve` ran
    /// as root), becomes that account for the rest of the process, so the queue files and account
    /// records a command writes there stay readable by the server. Otherwise does nothing.
    public static func becomeOwnerIfRoot(_ path: String) throws(AppError) {
        var info = stat()
        guard geteuid() == 0, stat(path, &info) == 0, info.st_uid != 0 else { return }
        try ProcessIdentity.become(uid: info.st_uid, gid: info.st_gid, who: "\(path)'s owner (uid \(info.st_uid))")
    }

    /// The directory's owner; `nil` when it does not exist.
    static func owner(_ path: String) -> uid_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_uid : nil
    }
}
