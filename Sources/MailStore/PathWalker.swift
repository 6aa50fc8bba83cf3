import MailCore
import Glibc

/// Checks the directories on the way to a mailbox, one component at a time, so that a link a user
/// planted in their own home cannot lead mailroom into another user's files.
///
/// Each component is opened with `openat(O_PATH | O_NOFOLLOW)` from the one before and must be a
/// directory belonging to root, to the mailbox's owner, or to the server itself (`mail_owner`, whose
/// data directory holds virtual mail). A symbolic link is followed only when root
/// owns it, as Postfix's `safe_open()` allows (so `/var/mail -> spool/mail` works); a user's own link
/// (`~/Maildir -> /home/bob/Maildir`) is refused. A missing component ends the walk: what is created
/// below it is created by the mailbox's owner (see ``MailboxAccess``).
///
/// A path walked in full is remembered (``CheckedDirectories``): while it leads to the same directory,
/// the next check looks at the subdirectories only.
///
/// The walk is a check, not a handle: the files are then opened by path. Between the two the user
/// could swap a directory for a link, which is why the work itself runs as the user wherever the user
/// can write (``MailboxAccess``), and why the files are checked again once open (owner, link count).
struct PathWalker {
    /// The uid that may own directories besides root.
    let owner: uid_t
    /// The server's own uid, whose directories are trusted too.
    var server: uid_t = 0

    /// The most symbolic links followed in one walk, as the kernel's `MAXSYMLINKS`.
    private static let linkLimit = 40
    /// `O_PATH`, which glibc declares only under `_GNU_SOURCE`: a handle for walking, no read access.
    private static let pathOnly = __O_PATH

    /// Checks `path` and then each of `subdirectories` inside it. A path found safe is remembered in
    /// `checked`, and while it still leads to the same unchanged directory it is not walked again
    /// (see ``CheckedDirectories``).
    func check(_ path: String, subdirectories: [String] = [], checked: CheckedDirectories? = nil) throws(MailStoreError) {
        let key = CheckedDirectories.Key(path: path, subdirectories: subdirectories, owner: owner, server: server)
        if let checked, checked.stillLeadsToChecked(key) { return }
        let reached = try walk(path, subdirectories: subdirectories)
        if let checked, let reached {
            checked.remember(key, reached)
        }
    }

    /// The walk of ``check(_:subdirectories:checked:)``; returns the status of the directory it
    /// reached, or `nil` when a component was missing.
    private func walk(_ path: String, subdirectories: [String]) throws(MailStoreError) -> stat? {
        var current = try openRoot()
        defer { _ = close(current) }
        var pending = Array(components(of: path).reversed())
        var followed = 0
        var reached: stat?
        while let name = pending.popLast() {
            let next = openat(current, name, Self.pathOnly | O_NOFOLLOW | O_CLOEXEC)
            if next < 0 {
                if errno == ENOENT { return nil }
                throw .system(errno, "cannot look up \(name)", path: path)
            }
            var info = stat()
            guard fstat(next, &info) == 0 else {
                let error = MailStoreError.system(errno, "cannot look up \(name)", path: path)
                _ = close(next)
                throw error
            }
            if info.st_mode & S_IFMT == S_IFLNK {
                _ = close(next)
                guard info.st_uid == 0 else {
                    throw refusal(path, "\(name) is a symbolic link of uid \(info.st_uid); only root's links are followed")
                }
                followed += 1
                guard followed <= Self.linkLimit else { throw .system(ELOOP, "cannot look up \(name)", path: path) }
                let target = try linkTarget(current, name, path: path)
                if target.hasPrefix("/") {
                    _ = close(current)
                    current = try openRoot()
                }
                pending += components(of: target).reversed()
                continue
            }
            _ = close(current)
            current = next
            try checkDirectory(info, name, path: path)
            reached = info
        }
        for subdirectory in subdirectories {
            try checkSubdirectory(current, subdirectory, path: path)
        }
        return reached
    }

    /// A directory inside the mailbox must not be a link at all.
    private func checkSubdirectory(_ parent: Int32, _ name: String, path: String) throws(MailStoreError) {
        var info = stat()
        guard fstatat(parent, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT { return }
            throw .system(errno, "cannot look up \(name)", path: path)
        }
        guard info.st_mode & S_IFMT != S_IFLNK else {
            throw refusal(path, "\(name) is a symbolic link")
        }
        try checkDirectory(info, name, path: path)
    }

    private func checkDirectory(_ info: stat, _ name: String, path: String) throws(MailStoreError) {
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw refusal(path, "\(name) is not a directory")
        }
        guard info.st_uid == 0 || info.st_uid == owner || info.st_uid == server else {
            throw refusal(path, "\(name) belongs to uid \(info.st_uid), not to the mailbox's owner (uid \(owner))")
        }
    }

    private func refusal(_ path: String, _ reason: String) -> MailStoreError {
        MailStoreError(.notAMailbox, path: path, reason: reason)
    }

    private func openRoot() throws(MailStoreError) -> Int32 {
        let root = open("/", Self.pathOnly | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { throw .system(errno, "cannot open /", path: "/") }
        return root
    }

    private func components(of path: String) -> [String] {
        path.split(separator: "/").map(String.init).filter { $0 != "." }
    }

    private func linkTarget(_ directory: Int32, _ name: String, path: String) throws(MailStoreError) -> String {
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX))
        let count = buffer.withUnsafeMutableBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { readlinkat(directory, name, $0.baseAddress!, $0.count) }
        }
        guard count > 0 else { throw .system(errno, "cannot read the link \(name)", path: path) }
        return String(decoding: buffer.prefix(count), as: UTF8.self)
    }
}
