import Glibc
import MailCore

/// An account's folders as directories and files (``FolderLayout``): listed, created, renamed and
/// deleted as Dovecot does it, so Dovecot, mutt and mbsync see the same folders.
///
/// - Maildir++: folder `a/b` is the Maildir `ROOT/.a.b` with `cur/ new/ tmp/` and an empty
///   `maildirfolder` file (Courier's and Dovecot's marker). A name with folders below it but no
///   directory of its own (`.a.b` without `.a`) is listed as a name that holds no messages.
/// - mbox: folder `a/b` is the file `ROOT/a/b`; a directory is a name that holds no messages
///   (`\Noselect`), only folders. Lock and index files beside mbox files are not folders.
///
/// Every path system call is made as the mailbox's owner (``MailboxAccess``).
public struct FolderTree: Sendable {
    public let layout: FolderLayout
    let configuration: MailboxDeliveryAgent.Configuration

    /// Suffixes of files beside mbox folders that are not folders: dot-locks, our rewrite's temporary
    /// file, the old per-mailbox index and the POP3 maildrop lock.
    public static let mboxHelperSuffixes = [".lock", ".tmp", ".mailroom-index", ".mailroom-index.lock",
                                            ".mailroom-index.tmp", ".mailroom-maildrop.lock"]
    /// How deep the mbox tree is walked: deeper directories are not listed.
    public static let depthLimit = 16
    /// The prefix a Maildir++ folder directory gets while it is being deleted; `..` hides it from
    /// every Maildir++ reader, as Dovecot's `..DOVECOT-TRASH` does.
    static let deletingPrefix = "..mailroom-deleted."

    public init(layout: FolderLayout, configuration: MailboxDeliveryAgent.Configuration) {
        self.layout = layout
        self.configuration = configuration
    }

    /// Runs `body` as the owner of the account's mailboxes, the root's path checked.
    func run<T>(_ body: (MailboxAccess) throws(MailStoreError) -> T) throws(MailStoreError) -> T {
        let root = MailboxLocation(format: layout.format, path: layout.format == .maildir ? layout.root : layout.root + "/.", owner: layout.inbox.owner)
        let access = MailboxAccess(for: root, fileSystem: configuration.fileSystem)
        return try access.run { () throws(MailStoreError) -> T in try body(access) }.get()
    }

    // MARK: - Listing

    /// The folders under the root, INBOX not among them, each with whether it can hold messages. Names
    /// the layout would refuse are left out.
    public func folders() throws(MailStoreError) -> [(name: String, selectable: Bool)] {
        try run { (access) throws(MailStoreError) -> [(name: String, selectable: Bool)] in
            var found: [String: Bool] = [:]
            switch layout.format {
            case .maildir:
                for entry in try access.allNames(in: layout.root) ?? [] {
                    guard let name = layout.folderName(ofMaildirEntry: entry), name.uppercased() != "INBOX",
                          case .success(let info) = access.status(layout.root + "/" + entry),
                          info.st_mode & S_IFMT == S_IFDIR
                    else { continue }
                    found[name] = true
                    // Levels above without a directory of their own hold folders only.
                    var parent = name
                    while let slash = parent.lastIndex(of: FolderLayout.separator) {
                        parent = String(parent[..<slash])
                        if found[parent] == nil { found[parent] = false }
                    }
                }
            case .mbox:
                try walkMbox(layout.root, prefix: "", depth: 0, access: access, into: &found)
            }
            return found.map { (name: $0.key, selectable: $0.value) }.sorted { $0.name < $1.name }
        }
    }

    private func walkMbox(_ directory: String, prefix: String, depth: Int, access: MailboxAccess,
                          into found: inout [String: Bool]) throws(MailStoreError) {
        guard depth < Self.depthLimit else { return }
        for entry in try access.names(in: directory) ?? [] {
            let name = prefix + entry
            guard !Self.mboxHelperSuffixes.contains(where: { entry.hasSuffix($0) }), name.uppercased() != "INBOX",
                  let location = try? layout.location(of: name), location.path == directory + "/" + entry,
                  case .success(let info) = access.status(location.path)
            else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                if location.path != layout.inbox.path { found[name] = true }
            case S_IFDIR:
                found[name] = false
                try walkMbox(location.path, prefix: name + "/", depth: depth + 1, access: access, into: &found)
            default:
                continue
            }
        }
    }

    // MARK: - Changes

    /// CREATE: the folder and the levels above it. Maildir: the `.a.b` Maildir with `maildirfolder`;
    /// mbox: the directories above and an empty file. An existing folder is left as it is.
    public func create(_ name: String) throws(MailStoreError) {
        let location = try layout.location(of: name)
        try run { (access) throws(MailStoreError) in
            switch layout.format {
            case .maildir:
                try access.makeDirectories(location.path)
                for subdirectory in ["cur", "new", "tmp"] {
                    try access.makeDirectories(location.path + "/" + subdirectory)
                }
                if location.path != layout.root {
                    let marker = try access.open(location.path + "/maildirfolder", flags: O_WRONLY | O_CREAT | O_NOFOLLOW, mode: 0o600)
                    marker.closeQuietly()
                }
                try access.syncDirectory(location.path)
                try access.syncDirectory(parentDirectory(of: location.path))
            case .mbox:
                try access.makeDirectories(parentDirectory(of: location.path))
                let file: SystemFile
                do throws(MailStoreError) {
                    file = try access.open(location.path, flags: O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: 0o600)
                } catch where error.errorNumber == EEXIST {
                    return
                }
                do throws(MailStoreError) {
                    try access.adopt(file)
                    try file.sync()
                    try file.close()
                } catch {
                    file.closeQuietly()
                    throw error
                }
                try access.syncDirectory(parentDirectory(of: location.path))
            }
        }
    }

    /// RENAME of a folder that is not INBOX, with the folders below it (RFC 9051 §6.3.6): one rename(2)
    /// for an mbox file or directory; one per `.a.x` directory for Maildir++, whose levels are flat.
    /// - Throws: ``MailStoreError/Code/invalidLocation`` when `newName` exists on disk.
    public func rename(_ name: String, to newName: String) throws(MailStoreError) {
        let old = try layout.location(of: name).path
        let new = try layout.location(of: newName).path
        try run { (access) throws(MailStoreError) in
            var moves: [(String, String)] = []
            switch layout.format {
            case .maildir:
                let oldEntry = String(old.dropFirst(layout.root.count + 1))
                let newEntry = String(new.dropFirst(layout.root.count + 1))
                for entry in try access.allNames(in: layout.root) ?? [] where entry == oldEntry || entry.hasPrefix(oldEntry + ".") {
                    moves.append((layout.root + "/" + entry, layout.root + "/" + newEntry + entry.dropFirst(oldEntry.count)))
                }
            case .mbox:
                moves.append((old, new))
                try access.makeDirectories(parentDirectory(of: new))
            }
            for (_, target) in moves {
                if case .success = access.status(target) {
                    throw MailStoreError(.invalidLocation, path: target, reason: "the new name exists")
                }
            }
            for (source, target) in moves {
                let result = access.rename(source, to: target)
                guard result == 0 else { throw .system(result, "cannot rename the folder", path: source) }
            }
            try access.syncDirectory(parentDirectory(of: old))
            if parentDirectory(of: new) != parentDirectory(of: old) {
                try access.syncDirectory(parentDirectory(of: new))
            }
        }
    }

    /// DELETE of a folder that is not INBOX: its messages and its own directory or file. Maildir++: the
    /// directory is first renamed to a hidden `..mailroom-deleted.` name, so readers never see half a
    /// folder, then emptied and removed; folders below (`.a.b`) are separate directories and stay,
    /// leaving `a` a name without messages. mbox: the file is removed, or an empty directory.
    public func delete(_ name: String) throws(MailStoreError) {
        let path = try layout.location(of: name).path
        try run { (access) throws(MailStoreError) in
            switch layout.format {
            case .maildir:
                var now = timespec()
                clock_gettime(CLOCK_REALTIME, &now)
                let hidden = "\(layout.root)/\(Self.deletingPrefix)\(now.tv_sec).\(now.tv_nsec).\(getpid())"
                let result = access.rename(path, to: hidden)
                guard result == 0 else { throw .system(result, "cannot delete the folder", path: path) }
                try access.syncDirectory(layout.root)
                try removeTree(hidden, depth: 0, access: access)
            case .mbox:
                guard case .success(let info) = access.status(path) else {
                    throw .system(ENOENT, "cannot delete the folder", path: path)
                }
                let result = info.st_mode & S_IFMT == S_IFDIR ? access.fileSystem.removeDirectory(path, as: access.actor) : access.unlink(path)
                guard result == 0 else { throw .system(result, "cannot delete the folder", path: path) }
                try access.syncDirectory(parentDirectory(of: path))
            }
        }
    }

    /// Removes a deleted Maildir's files and directories (`cur/ new/ tmp/` and the files Dovecot and
    /// mailroom keep beside them); nothing is followed through a link.
    private func removeTree(_ path: String, depth: Int, access: MailboxAccess) throws(MailStoreError) {
        guard depth < 2 else { throw MailStoreError(.notAMailbox, path: path, reason: "is nested too deeply for a Maildir") }
        for entry in try access.allNames(in: path) ?? [] {
            let child = path + "/" + entry
            guard case .success(let info) = access.status(child) else { continue }
            if info.st_mode & S_IFMT == S_IFDIR {
                try removeTree(child, depth: depth + 1, access: access)
            } else {
                let result = access.unlink(child)
                guard result == 0 || result == ENOENT else { throw .system(result, "cannot delete a file", path: child) }
            }
        }
        let result = access.fileSystem.removeDirectory(path, as: access.actor)
        guard result == 0 || result == ENOENT else { throw .system(result, "cannot delete the directory", path: path) }
    }
}
