import Glibc
import MailCore
import Synchronization

/// ``MailIndex`` in one SQLite database per account (WAL, `synchronous = NORMAL`, see
/// ``SQLiteDatabase``): each call is one transaction, atomic, and when it returns it survives SIGKILL;
/// after a power loss the last ones may be gone, the index then being as it was a moment before.
///
/// The database lives where the server owns it (`$data_directory/index/…`), not in the user's
/// mail directory, as Dovecot's `INDEX=` puts indexes apart: the server reaches it directly after
/// dropping root, and a user cannot hand it a crafted index. Sessions of one account share one
/// connection, under a lock.
///
/// ## Schema
/// - `meta(name, value)`: the schema version and the last UIDVALIDITY given out (UIDVALIDITY is
///   above every earlier one, even for a folder deleted and made again in the same second).
/// - `folders(id, name, uidvalidity, uidnext, highestmodseq, subscribed, special_use)`.
/// - `messages(folder, uid, key, flags, keywords, internal_date, size, modseq, structure)`.
/// - `expunged(folder, uid, modseq)`: for VANISHED (RFC 7162 §3.2.5.1).
/// - Indexes: `messages_by_key`, `messages_by_modseq`, `expunged_by_modseq` (made when missing, so an
///   older database gains them on open).
public final class SQLiteMailIndex: MailIndex {
    private let database: ParkingMutex<SQLiteDatabase>
    /// The connection's count of commits, read without its lock (``generation``).
    private let commits: CommitCount
    static let schemaVersion = 1

    /// Opens (creating) the index at `path`; `":memory:"` for one that lives as long as the value.
    public init(path: String) throws(IndexError) {
        let database = try SQLiteDatabase(path: path)
        try Self.createSchema(database)
        self.database = ParkingMutex(database)
        self.commits = database.commits
    }

    private static func createSchema(_ database: SQLiteDatabase) throws(IndexError) {
        try database.execute("""
            CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
            INSERT OR IGNORE INTO meta VALUES ('schema', \(schemaVersion)), ('last_uidvalidity', 0);
            CREATE TABLE IF NOT EXISTS folders (
                id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, uidvalidity INTEGER NOT NULL,
                uidnext INTEGER NOT NULL, highestmodseq INTEGER NOT NULL, subscribed INTEGER NOT NULL,
                special_use TEXT);
            CREATE TABLE IF NOT EXISTS messages (
                folder INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE, uid INTEGER NOT NULL,
                key TEXT NOT NULL, flags INTEGER NOT NULL, keywords TEXT NOT NULL,
                internal_date INTEGER NOT NULL, size INTEGER NOT NULL, modseq INTEGER NOT NULL,
                structure BLOB, wire_7bit BLOB, wire_utf8 BLOB, PRIMARY KEY (folder, uid)) WITHOUT ROWID;
            CREATE UNIQUE INDEX IF NOT EXISTS messages_by_key ON messages (folder, key);
            CREATE INDEX IF NOT EXISTS messages_by_modseq ON messages (folder, modseq);
            CREATE TABLE IF NOT EXISTS expunged (
                folder INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE, uid INTEGER NOT NULL,
                modseq INTEGER NOT NULL, PRIMARY KEY (folder, uid)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS expunged_by_modseq ON expunged (folder, modseq);
            """)
        let version = try database.rows("SELECT value FROM meta WHERE name = 'schema'") { $0.integer(0) }
        guard version == [Int64(schemaVersion)] else {
            throw IndexError(.corrupt, "index schema \(version) is not \(schemaVersion)")
        }
        // Columns added since the first release: an older index gains them, empty, on open.
        let columns = Set(try database.rows("PRAGMA table_info(messages)") { $0.text(1) })
        for form in KeptStructure.allCases where !columns.contains(form.column) {
            try database.execute("ALTER TABLE messages ADD COLUMN \(form.column) BLOB")
        }
    }

    // MARK: - Folders

    public var generation: UInt64 {
        commits.count.load(ordering: .acquiring)
    }

    public func folders() throws(IndexError) -> [FolderStatus] {
        try database.withLock { (database) throws(IndexError) in
            try database.rows(Self.statusQuery + " ORDER BY f.name", [], Self.folderStatus)
        }
    }

    public func status(of folder: String) throws(IndexError) -> FolderStatus? {
        try database.withLock { (database) throws(IndexError) in try Self.status(database, folder) }
    }

    public func head(of folder: String) throws(IndexError) -> FolderHead? {
        try database.withLock { (database) throws(IndexError) in
            try database.rows("SELECT uidvalidity, uidnext, highestmodseq FROM folders WHERE name = ?",
                              [.text(canonicalFolderName(folder))]) {
                FolderHead(uidValidity: UInt32(truncatingIfNeeded: $0.integer(0)), uidNext: UInt32(truncatingIfNeeded: $0.integer(1)),
                           highestModSeq: UInt64(bitPattern: $0.integer(2)))
            }.first
        }
    }

    @discardableResult
    public func createFolder(_ name: String, specialUse: String?) throws(IndexError) -> FolderStatus {
        try database.withLock { (database) throws(IndexError) in
            try database.transaction { () throws(IndexError) in
                let name = canonicalFolderName(name)
                guard try Self.folderID(database, name) == nil else {
                    throw IndexError(.alreadyExists, "folder \(name) exists")
                }
                try Self.insertFolder(database, name, specialUse: specialUse)
                return try Self.status(database, name)!
            }
        }
    }

    public func deleteFolder(_ name: String) throws(IndexError) {
        try database.withLock { (database) throws(IndexError) in
            try database.transaction { () throws(IndexError) in
                let id = try Self.requireFolder(database, name)
                try database.run("DELETE FROM folders WHERE id = ?", [.integer(id)])
            }
        }
    }

    public func renameFolder(_ name: String, to newName: String) throws(IndexError) {
        try database.withLock { (database) throws(IndexError) in
            try database.transaction { () throws(IndexError) in
                let old = canonicalFolderName(name)
                let new = canonicalFolderName(newName)
                guard try Self.folderID(database, new) == nil else {
                    throw IndexError(.alreadyExists, "folder \(new) exists")
                }
                // The folder and every folder below it (RFC 9051 §6.3.6), prefix replaced. A name that
                // only holds folders (`\Noselect`) is renamed through its children.
                let below = try database.rows("SELECT name FROM folders WHERE substr(name, 1, ?) = ?",
                                              [.integer(Int64(old.utf8.count + 1)), .text(old + "/")]) { $0.text(0) }
                if below.isEmpty { _ = try Self.requireFolder(database, old) }
                for child in below {
                    let renamed = new + child.dropFirst(old.count)
                    guard try Self.folderID(database, renamed) == nil else {
                        throw IndexError(.alreadyExists, "folder \(renamed) exists")
                    }
                    try database.run("UPDATE folders SET name = ? WHERE name = ?", [.text(renamed), .text(child)])
                }
                try database.run("UPDATE folders SET name = ? WHERE name = ?", [.text(new), .text(old)])
            }
        }
    }

    public func setSubscribed(_ subscribed: Bool, folder: String) throws(IndexError) {
        try database.withLock { (database) throws(IndexError) in
            let id = try Self.requireFolder(database, folder)
            try database.run("UPDATE folders SET subscribed = ? WHERE id = ?", [.integer(subscribed ? 1 : 0), .integer(id)])
        }
    }

    // MARK: - Messages

    public func synchronize(_ folder: String, with listing: [StoredEntry]) throws(IndexError) -> FolderSnapshot {
        try database.withLock { (database) throws(IndexError) in
            try database.transaction { () throws(IndexError) in
                let name = canonicalFolderName(folder)
                let id: Int64
                if let existing = try Self.folderID(database, name) {
                    id = existing
                } else {
                    id = try Self.insertFolder(database, name, specialUse: nil)
                }
                let known = try database.rows("SELECT key, uid FROM messages WHERE folder = ?", [.integer(id)]) {
                    ($0.text(0), UInt32(truncatingIfNeeded: $0.integer(1)))
                }
                var byKey = Dictionary(known, uniquingKeysWith: { first, _ in first })
                var vanished: [UInt32] = []
                let listed = Set(listing.map(\.key))
                let gone = byKey.filter { !listed.contains($0.key) }
                if !gone.isEmpty {
                    let modSeq = try Self.nextModSeq(database, id)
                    for (key, uid) in gone {
                        try Self.forget(database, id, uid: uid, modSeq: modSeq)
                        byKey[key] = nil
                        vanished.append(uid)
                    }
                }
                var inserting = Set<String>()
                let new = listing.filter { byKey[$0.key] == nil && inserting.insert($0.key).inserted }
                try Self.insertMessages(database, id, new)
                let messages = try Self.messages(database, id, since: 0)
                return FolderSnapshot(status: try Self.status(database, name)!, messages: messages, vanished: vanished.sorted())
            }
        }
    }

    @discardableResult
    public func importFolder(_ name: String, uidValidity: UInt32, uidNext: UInt32,
                             messages: [(uid: UInt32, entry: StoredEntry)]) throws(IndexError) -> FolderStatus {
        try database.withLock { (database) throws(IndexError) in
            try database.transaction { () throws(IndexError) in
                let name = canonicalFolderName(name)
                guard try Self.folderID(database, name) == nil else {
                    throw IndexError(.alreadyExists, "folder \(name) exists")
                }
                let id = try Self.insertFolder(database, name, specialUse: nil, uidValidity: uidValidity)
                var last: UInt32 = 0
                for (uid, entry) in messages {
                    guard uid > last, uid < uidNext else {
                        throw IndexError(.conflict, "imported UID \(uid) of \(name) is out of order or not below \(uidNext)")
                    }
                    last = uid
                    try Self.insertMessage(database, id, entry, uid: uid)
                }
                try database.run("UPDATE folders SET uidnext = ? WHERE id = ?", [.integer(Int64(uidNext)), .integer(id)])
                return try Self.status(database, name)!
            }
        }
    }

    public func append(_ entry: StoredEntry, to folder: String) throws(IndexError) -> IndexedMessage {
        try database.withLock { (database) throws(IndexError) in
            try database.transaction { () throws(IndexError) in
                try Self.insertMessage(database, try Self.requireFolder(database, folder), entry)
            }
        }
    }

    public func changeFlags(_ change: FlagChange, uids: [UInt32], in folder: String,
                            unchangedSince: UInt64?) throws(IndexError) -> (changed: [IndexedMessage], failed: [UInt32]) {
        try database.withLock { (database) throws(IndexError) in
            try database.transaction { () throws(IndexError) in
                let id = try Self.requireFolder(database, folder)
                var changed: [IndexedMessage] = []
                var failed: [UInt32] = []
                var modSeq: UInt64?
                for uid in uids {
                    guard var message = try Self.message(database, id, uid: uid) else { continue }
                    if let unchangedSince, message.modSeq > unchangedSince {
                        failed.append(uid)
                        continue
                    }
                    let flags = change.applied(to: message.flags)
                    guard flags != message.flags else { continue }
                    let next: UInt64
                    if let modSeq {
                        next = modSeq
                    } else {
                        next = try Self.nextModSeq(database, id)
                    }
                    modSeq = next
                    message.flags = flags
                    message.modSeq = next
                    try database.run("UPDATE messages SET flags = ?, keywords = ?, modseq = ? WHERE folder = ? AND uid = ?",
                                     [.integer(flags.system.rawValue), .text(flags.keywordText), .integer(Int64(next)),
                                      .integer(id), .integer(Int64(uid))])
                    changed.append(message)
                }
                return (changed, failed)
            }
        }
    }

    @discardableResult
    public func expunge(_ uids: [UInt32], from folder: String) throws(IndexError) -> UInt64 {
        try database.withLock { (database) throws(IndexError) in
            try database.transaction { () throws(IndexError) in
                let id = try Self.requireFolder(database, folder)
                let modSeq = try Self.nextModSeq(database, id)
                for uid in uids {
                    try Self.forget(database, id, uid: uid, modSeq: modSeq)
                }
                return modSeq
            }
        }
    }

    public func messages(in folder: String, changedSince modSeq: UInt64) throws(IndexError) -> [IndexedMessage] {
        try database.withLock { (database) throws(IndexError) in
            try Self.messages(database, try Self.requireFolder(database, folder), since: modSeq)
        }
    }

    public func selection(of folder: String) throws(IndexError) -> FolderSelection? {
        try database.withLock { (database) throws(IndexError) -> FolderSelection? in
            guard let status = try Self.status(database, folder), let id = try Self.folderID(database, folder) else { return nil }
            let messages = try database.rows("SELECT uid, flags, keywords FROM messages WHERE folder = ? ORDER BY uid",
                                             [.integer(id)]) { row in
                (uid: UInt32(truncatingIfNeeded: row.integer(0)), flags: MessageFlags(system: row.integer(1), keywordText: row.text(2)))
            }
            return FolderSelection(status: status, messages: messages)
        }
    }

    public func messages(uids: [UInt32], in folder: String) throws(IndexError) -> [IndexedMessage] {
        guard let low = uids.min(), let high = uids.max() else { return [] }
        return try database.withLock { (database) throws(IndexError) in
            let id = try Self.requireFolder(database, folder)
            // One range scan of the primary key; UIDs in the range that were not asked for are dropped.
            let rows = try Self.messages(database, id, uidsIn: low...high)
            guard uids.count != Int(high - low) + 1 else { return rows }
            let wanted = Set(uids)
            return rows.filter { wanted.contains($0.uid) }
        }
    }

    public func expunged(from folder: String, since modSeq: UInt64) throws(IndexError) -> [UInt32] {
        try database.withLock { (database) throws(IndexError) in
            let id = try Self.requireFolder(database, folder)
            // By MODSEQ: a session looks before every command, and a folder's expunged UIDs pile up.
            return try database.rows("SELECT uid FROM expunged INDEXED BY expunged_by_modseq WHERE folder = ? AND modseq > ? ORDER BY uid",
                                     [.integer(id), .integer(Int64(modSeq))]) { UInt32(truncatingIfNeeded: $0.integer(0)) }
        }
    }

    public func setStructures(_ structures: [UInt32: [UInt8]], as form: KeptStructure, in folder: String) throws(IndexError) {
        guard !structures.isEmpty else { return }
        try database.withLock { (database) throws(IndexError) in
            try database.transaction { () throws(IndexError) in
                let id = try Self.requireFolder(database, folder)
                for (uid, structure) in structures {
                    try database.run("UPDATE messages SET \(form.column) = ? WHERE folder = ? AND uid = ?",
                                     [.blob(structure), .integer(id), .integer(Int64(uid))])
                }
            }
        }
    }

    public func structures(uids: [UInt32], as form: KeptStructure, in folder: String) throws(IndexError) -> [UInt32: [UInt8]] {
        guard let low = uids.min(), let high = uids.max() else { return [:] }
        let wanted = Set(uids)
        return try database.withLock { (database) throws(IndexError) in
            let id = try Self.requireFolder(database, folder)
            // One range scan of the primary key; UIDs in the range that were not asked for are dropped.
            let rows = try database.rows(
                "SELECT uid, \(form.column) FROM messages WHERE folder = ? AND uid BETWEEN ? AND ? AND \(form.column) IS NOT NULL",
                [.integer(id), .integer(Int64(low)), .integer(Int64(high))]
            ) { row in (UInt32(truncatingIfNeeded: row.integer(0)), row.blob(1)) }
            var found: [UInt32: [UInt8]] = [:]
            for (uid, blob) in rows where wanted.contains(uid) {
                found[uid] = blob ?? []
            }
            return found
        }
    }
}
