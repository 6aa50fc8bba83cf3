/// What IMAP, POP3 and delivery know about an account's messages beyond the messages themselves: the
/// folders with their UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ, and each message's UID, flags, internal
/// date, size and MODSEQ (RFC 9051 §2.3, RFC 7162). The message bytes stay in the store (Maildir,
/// mbox); the index names them by their store key.
///
/// Every call is one atomic change or read: when it returns, the change survives SIGKILL (a crash of
/// the process). An operating system crash or power loss may take back the last changes, whole, as
/// Dovecot's `mail_fsync = optimized` allows its index (``SQLiteMailIndex`` says how). Every change gives the messages it touches, and the folder, the next MODSEQ,
/// so CONDSTORE and QRESYNC build on it. Calls block on file I/O: make them from a thread that may
/// block. One implementation keeps an account's index in SQLite (``SQLiteMailIndex``); one on
/// PostgreSQL, for several mailroom nodes sharing mailboxes, is to follow.
///
/// Folder names are as IMAP shows them, `/` between levels; `INBOX` in any case is INBOX
/// (RFC 9051 §5.1).
public protocol MailIndex: Sendable {
    /// A number that moves at every change committed to the index, read without waiting for any
    /// call in progress: while it stands, nothing the index answered has changed.
    var generation: UInt64 { get }

    /// Every folder, by name.
    func folders() throws(IndexError) -> [FolderStatus]

    /// One folder; `nil` when there is none of that name.
    func status(of folder: String) throws(IndexError) -> FolderStatus?

    /// A folder's UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ only (one row, no count of its messages): the look a
    /// session takes before each command to learn whether anything changed.
    func head(of folder: String) throws(IndexError) -> FolderHead?

    /// Makes a folder with a new UIDVALIDITY. `[ALREADYEXISTS]` when it exists.
    @discardableResult
    func createFolder(_ name: String, specialUse: String?) throws(IndexError) -> FolderStatus

    /// Removes a folder and what the index knows of its messages.
    func deleteFolder(_ name: String) throws(IndexError)

    /// Renames a folder and the folders below it (RFC 9051 §6.3.6); UIDVALIDITY is kept.
    func renameFolder(_ name: String, to newName: String) throws(IndexError)

    /// SUBSCRIBE and UNSUBSCRIBE (RFC 9051 §6.3.7, §6.3.8).
    func setSubscribed(_ subscribed: Bool, folder: String) throws(IndexError)

    /// Brings the folder in line with what the store holds, `listing` in arrival order: a key the
    /// index knows keeps its UID, a new key gets the next UID, a key gone is expunged (its UID never
    /// given out again). The folder is made when missing.
    func synchronize(_ folder: String, with listing: [StoredEntry]) throws(IndexError) -> FolderSnapshot

    /// Makes a folder with the identity an older index gave it: `uidValidity`, `uidNext`, and each
    /// message's UID (below `uidNext`, ascending), so the UIDs and POP3 UIDLs clients hold stay valid
    /// (RFC 9051 §2.3.1.1, RFC 1939 §7). `[ALREADYEXISTS]` when the folder exists.
    @discardableResult
    func importFolder(_ name: String, uidValidity: UInt32, uidNext: UInt32,
                      messages: [(uid: UInt32, entry: StoredEntry)]) throws(IndexError) -> FolderStatus

    /// Gives a message just added to the store (APPEND, COPY, delivery) the next UID.
    func append(_ entry: StoredEntry, to folder: String) throws(IndexError) -> IndexedMessage

    /// STORE (RFC 9051 §6.4.6) on the messages with `uids`; with `unchangedSince` (RFC 7162 §3.1.3),
    /// messages changed after that MODSEQ are left alone and listed as failed. Messages whose flags
    /// do not change keep their MODSEQ.
    func changeFlags(_ change: FlagChange, uids: [UInt32], in folder: String,
                     unchangedSince: UInt64?) throws(IndexError) -> (changed: [IndexedMessage], failed: [UInt32])

    /// Forgets the messages with `uids` (EXPUNGE, MOVE); returns the folder's new HIGHESTMODSEQ.
    @discardableResult
    func expunge(_ uids: [UInt32], from folder: String) throws(IndexError) -> UInt64

    /// The folder's messages whose MODSEQ is above `modSeq` (0: all), in UID order.
    func messages(in folder: String, changedSince modSeq: UInt64) throws(IndexError) -> [IndexedMessage]

    /// The folder as SELECT reports it, without its messages' rows; nil when there is no such folder.
    func selection(of folder: String) throws(IndexError) -> FolderSelection?

    /// The rows of the messages with these UIDs that the folder still holds, in UID order; a UID it does
    /// not hold is left out. One query for all of them.
    func messages(uids: [UInt32], in folder: String) throws(IndexError) -> [IndexedMessage]

    /// The UIDs expunged after `modSeq` (RFC 7162 §3.2.5.1, VANISHED).
    func expunged(from folder: String, since modSeq: UInt64) throws(IndexError) -> [UInt32]

    /// Keeps messages' structures in `form` by UID, so FETCH never parses a message twice. One
    /// transaction for all of them.
    func setStructures(_ structures: [UInt32: [UInt8]], as form: KeptStructure, in folder: String) throws(IndexError)

    /// What ``setStructures(_:as:in:)`` kept in `form` for these UIDs; a UID with nothing kept is
    /// absent. One query for all of them, so a FETCH of a whole mailbox asks a few times, not once per
    /// message.
    func structures(uids: [UInt32], as form: KeptStructure, in folder: String) throws(IndexError) -> [UInt32: [UInt8]]
}

/// The forms of a message's structure the index keeps, each an opaque blob to it: the parsed one
/// (ENVELOPE, BODYSTRUCTURE, section offsets) and, as IMAP sends them, ENVELOPE, BODY and
/// BODYSTRUCTURE in 7-bit and in UTF-8 strings.
public enum KeptStructure: Sendable, CaseIterable {
    case parsed
    case wire7Bit
    case wireUTF8

    /// The column of `messages` that holds it.
    var column: String {
        switch self {
        case .parsed: "structure"
        case .wire7Bit: "wire_7bit"
        case .wireUTF8: "wire_utf8"
        }
    }
}

extension MailIndex {
    /// Keeps parsed structures (``KeptStructure/parsed``).
    public func setStructures(_ structures: [UInt32: [UInt8]], in folder: String) throws(IndexError) {
        try setStructures(structures, as: .parsed, in: folder)
    }

    /// The parsed structures kept for these UIDs (``KeptStructure/parsed``).
    public func structures(uids: [UInt32], in folder: String) throws(IndexError) -> [UInt32: [UInt8]] {
        try structures(uids: uids, as: .parsed, in: folder)
    }
}

/// INBOX in any case is INBOX; other names are as given (RFC 9051 §5.1).
public func canonicalFolderName(_ name: String) -> String {
    name.uppercased() == "INBOX" ? "INBOX" : name
}
