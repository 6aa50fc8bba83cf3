import Glibc

/// The statements behind ``SQLiteMailIndex``, each run inside the caller's transaction and lock.
extension SQLiteMailIndex {
    static let statusQuery = """
        SELECT f.name, f.uidvalidity, f.uidnext, f.highestmodseq, f.subscribed, f.special_use,
               (SELECT count(*) FROM messages m WHERE m.folder = f.id)
        FROM folders f
        """

    static func folderStatus(_ row: SQLiteStatement) -> FolderStatus {
        let specialUse = row.text(5)
        return FolderStatus(
            name: row.text(0), uidValidity: UInt32(truncatingIfNeeded: row.integer(1)),
            uidNext: UInt32(truncatingIfNeeded: row.integer(2)), highestModSeq: UInt64(row.integer(3)),
            messageCount: Int(row.integer(6)), subscribed: row.integer(4) != 0,
            specialUse: specialUse.isEmpty ? nil : specialUse)
    }

    static func status(_ database: SQLiteDatabase, _ folder: String) throws(IndexError) -> FolderStatus? {
        try database.rows(statusQuery + " WHERE f.name = ?", [.text(canonicalFolderName(folder))], folderStatus).first
    }

    static func folderID(_ database: SQLiteDatabase, _ folder: String) throws(IndexError) -> Int64? {
        try database.rows("SELECT id FROM folders WHERE name = ?", [.text(canonicalFolderName(folder))]) { $0.integer(0) }.first
    }

    static func requireFolder(_ database: SQLiteDatabase, _ folder: String) throws(IndexError) -> Int64 {
        guard let id = try folderID(database, folder) else {
            throw IndexError(.nonexistent, "no folder \(canonicalFolderName(folder))")
        }
        return id
    }

    /// A new folder with a UIDVALIDITY above every one given before: the time in seconds, as Dovecot
    /// does, or one more than the last when the clock has not moved on (RFC 9051 §2.3.1.1).
    /// An imported folder keeps the `uidValidity` it had; the last one given out moves up to it.
    @discardableResult
    static func insertFolder(_ database: SQLiteDatabase, _ name: String, specialUse: String?,
                             uidValidity imported: UInt32? = nil) throws(IndexError) -> Int64 {
        let last = try database.rows("SELECT value FROM meta WHERE name = 'last_uidvalidity'") { $0.integer(0) }.first ?? 0
        let uidValidity = imported.map(Int64.init) ?? max(Int64(max(1, time(nil))) & 0xFFFF_FFFF, last + 1)
        guard uidValidity <= Int64(UInt32.max), uidValidity > 0 else { throw IndexError(.full, "UIDVALIDITY values are used up") }
        try database.run("UPDATE meta SET value = ? WHERE name = 'last_uidvalidity'", [.integer(max(last, uidValidity))])
        try database.run("INSERT INTO folders (name, uidvalidity, uidnext, highestmodseq, subscribed, special_use) VALUES (?, ?, 1, 1, 0, ?)",
                         [.text(name), .integer(uidValidity), specialUse.map { .text($0) } ?? .null])
        return database.lastInsertedRow
    }

    /// Raises the folder's HIGHESTMODSEQ by one and returns it: the MODSEQ of one change.
    static func nextModSeq(_ database: SQLiteDatabase, _ folder: Int64) throws(IndexError) -> UInt64 {
        try database.run("UPDATE folders SET highestmodseq = highestmodseq + 1 WHERE id = ?", [.integer(folder)])
        let value = try database.rows("SELECT highestmodseq FROM folders WHERE id = ?", [.integer(folder)]) { $0.integer(0) }
        guard let modSeq = value.first else { throw IndexError(.corrupt, "folder \(folder) vanished") }
        return UInt64(modSeq)
    }

    /// A message gets the folder's UIDNEXT, which moves on; its MODSEQ is the next one.
    /// With `uid` (an import) the message gets that UID instead and UIDNEXT is left to the caller.
    @discardableResult
    static func insertMessage(_ database: SQLiteDatabase, _ folder: Int64, _ entry: StoredEntry,
                              uid imported: UInt32? = nil) throws(IndexError) -> IndexedMessage {
        guard let imported else { return try insertMessages(database, folder, [entry])[0] }
        guard imported > 0, imported < UInt32.max else { throw IndexError(.full, "UIDs of folder \(folder) are used up") }
        let modSeq = try nextModSeq(database, folder)
        return try insertRow(database, folder, entry, uid: Int64(imported), modSeq: modSeq)
    }

    /// Messages inserted one after the other as ``insertMessage(_:_:_:uid:)`` would, each with the next
    /// UID and the next MODSEQ, with the folder's counters read and moved once for all of them (a first
    /// look at a folder of 10,000 messages: 10,002 statements, not 50,000).
    @discardableResult
    static func insertMessages(_ database: SQLiteDatabase, _ folder: Int64, _ entries: [StoredEntry]) throws(IndexError) -> [IndexedMessage] {
        guard !entries.isEmpty else { return [] }
        let counters = try database.rows("SELECT uidnext, highestmodseq FROM folders WHERE id = ?", [.integer(folder)]) {
            ($0.integer(0), $0.integer(1))
        }
        guard let (next, highestModSeq) = counters.first else { throw IndexError(.corrupt, "folder \(folder) vanished") }
        guard next > 0, next + Int64(entries.count) <= Int64(UInt32.max) else {
            throw IndexError(.full, "UIDs of folder \(folder) are used up")
        }
        let count = Int64(entries.count)
        try database.run("UPDATE folders SET uidnext = ?, highestmodseq = ? WHERE id = ?",
                         [.integer(next + count), .integer(highestModSeq + count), .integer(folder)])
        var inserted: [IndexedMessage] = []
        inserted.reserveCapacity(entries.count)
        for (offset, entry) in entries.enumerated() {
            inserted.append(try insertRow(database, folder, entry, uid: next + Int64(offset),
                                          modSeq: UInt64(highestModSeq + Int64(offset) + 1)))
        }
        return inserted
    }

    private static func insertRow(_ database: SQLiteDatabase, _ folder: Int64, _ entry: StoredEntry,
                                  uid: Int64, modSeq: UInt64) throws(IndexError) -> IndexedMessage {
        try database.run("""
            INSERT INTO messages (folder, uid, key, flags, keywords, internal_date, size, modseq)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [.integer(folder), .integer(uid), .text(entry.key), .integer(entry.flags.system.rawValue),
                  .text(entry.flags.keywordText), .integer(entry.internalDate), .integer(entry.size), .integer(Int64(modSeq))])
        return IndexedMessage(uid: UInt32(uid), key: entry.key, flags: entry.flags, internalDate: entry.internalDate,
                              size: entry.size, modSeq: modSeq)
    }

    /// Removes a message and remembers its UID as expunged at `modSeq`.
    static func forget(_ database: SQLiteDatabase, _ folder: Int64, uid: UInt32, modSeq: UInt64) throws(IndexError) {
        try database.run("DELETE FROM messages WHERE folder = ? AND uid = ?", [.integer(folder), .integer(Int64(uid))])
        try database.run("INSERT OR REPLACE INTO expunged (folder, uid, modseq) VALUES (?, ?, ?)",
                         [.integer(folder), .integer(Int64(uid)), .integer(Int64(modSeq))])
    }

    private static let messageColumns = "uid, key, flags, keywords, internal_date, size, modseq"

    private static func indexedMessage(_ row: SQLiteStatement) -> IndexedMessage {
        IndexedMessage(uid: UInt32(truncatingIfNeeded: row.integer(0)), key: row.text(1),
                       flags: MessageFlags(system: row.integer(2), keywordText: row.text(3)),
                       internalDate: row.integer(4), size: row.integer(5), modSeq: UInt64(row.integer(6)))
    }

    static func message(_ database: SQLiteDatabase, _ folder: Int64, uid: UInt32) throws(IndexError) -> IndexedMessage? {
        try database.rows("SELECT \(messageColumns) FROM messages WHERE folder = ? AND uid = ?",
                          [.integer(folder), .integer(Int64(uid))], indexedMessage).first
    }

    /// The folder's messages whose MODSEQ is above `modSeq`, in UID order. All of them (`modSeq` 0) come
    /// from a scan of the primary key; the few changed since a session last looked come through
    /// `messages_by_modseq` and are sorted after. Left to itself, SQLite (without `ANALYZE` statistics)
    /// takes the primary key for both, to save the sort, and so reads every message of the folder for
    /// every session's look before each command.
    static func messages(_ database: SQLiteDatabase, _ folder: Int64, since modSeq: UInt64) throws(IndexError) -> [IndexedMessage] {
        let source = modSeq == 0 ? "messages" : "messages INDEXED BY messages_by_modseq"
        return try database.rows("SELECT \(messageColumns) FROM \(source) WHERE folder = ? AND modseq > ? ORDER BY uid",
                                 [.integer(folder), .integer(Int64(modSeq))], indexedMessage)
    }

    static func messages(_ database: SQLiteDatabase, _ folder: Int64,
                         uidsIn range: ClosedRange<UInt32>) throws(IndexError) -> [IndexedMessage] {
        try database.rows("SELECT \(messageColumns) FROM messages WHERE folder = ? AND uid BETWEEN ? AND ? ORDER BY uid",
                          [.integer(folder), .integer(Int64(range.lowerBound)), .integer(Int64(range.upperBound))],
                          indexedMessage)
    }
}
