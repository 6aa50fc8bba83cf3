import MailIndex
import MailMessage
import MailStore

/// One account's folders and messages as IMAP and POP3 see them (RFC 9051 §2.3, §5.1; RFC 1939 §7):
/// the message files in their layout on disk (Maildir++ or mbox, see ``FolderLayout``) joined with the
/// account's ``MailIndex`` (UIDs, flags, MODSEQ, cached structure). Both protocols name a message by
/// the same (UIDVALIDITY, UID) pair, so POP3's UIDL and IMAP's UID always agree.
///
/// Every call blocks on file I/O and is one step that survives SIGKILL once it returns. Durability
/// against an operating system crash or power loss follows Dovecot's `mail_fsync = optimized`: a
/// message saved (APPEND, COPY, MOVE) is on disk when the call returns (its file and its directory
/// synced), and so is a removal (EXPUNGE); flag changes and the index (UIDs, flags, MODSEQ) are not
/// synced one by one, so a power loss may take back the last flag changes, and the index rows of the
/// last messages saved, which the next listing then numbers again from the files. Call it from a
/// thread that may block. Several sessions of one account may call it at once; the store serialises
/// what must be.
///
/// Folder names are IMAP's Unicode names, `/` between levels, `INBOX` in any case is the INBOX.
/// A name the layout refuses (``FolderLayout``) throws ``FolderStoreError/Code/invalidName``.
///
/// One implementation keeps the messages on the local disk (``LocalFolderStore``); one on
/// PostgreSQL, for several mailroom nodes sharing one set of mailboxes, is to follow.
public protocol FolderStore: Sendable {
    // MARK: Folders (RFC 9051 §6.3)

    /// Every folder, the INBOX first, then by name. A new account gets its INBOX and the special-use
    /// folders of ``SpecialUseFolder/defaults`` on first call.
    func folders() throws(FolderStoreError) -> [FolderInfo]

    /// CREATE (§6.3.4): the folder on disk and in the index; levels above it are created too.
    func createFolder(_ name: String, specialUse: String?) throws(FolderStoreError)

    /// DELETE (§6.3.5): the folder's messages and the folder. INBOX cannot be deleted; a folder with
    /// folders below it loses its messages and stays as a `\Noselect` name (RFC 9051 §6.3.5).
    func deleteFolder(_ name: String) throws(FolderStoreError)

    /// RENAME (§6.3.6) with the folders below it, UIDVALIDITY kept. Renaming INBOX moves its messages
    /// to the new folder and leaves INBOX empty.
    func renameFolder(_ name: String, to newName: String) throws(FolderStoreError)

    /// SUBSCRIBE / UNSUBSCRIBE (§6.3.7, §6.3.8); a name need not exist to be subscribed.
    func setSubscribed(_ subscribed: Bool, folder: String) throws(FolderStoreError)

    /// Whether a folder that holds messages has this name (APPEND's `[TRYCREATE]` check, §6.3.12):
    /// a look at the index, and at the disk only for a name the index lacks.
    func exists(_ folder: String) throws(FolderStoreError) -> Bool

    /// STATUS (§6.3.11): counters of a folder, brought up to date with the disk first.
    func status(of folder: String) throws(FolderStoreError) -> FolderCounters

    // MARK: Messages

    /// SELECT (§6.3.2) and POP3's maildrop: the folder synchronised with the disk (new files get
    /// UIDs, vanished ones are expunged from the index), its status and messages in UID order.
    func open(_ folder: String) throws(FolderStoreError) -> FolderSnapshot

    /// SELECT and EXAMINE (§6.3.2): the folder brought up to date with the disk, as a session keeps it
    /// (UIDs, not rows). While the folder does not change, sessions get the same copy of its UIDs.
    func select(_ folder: String) throws(FolderStoreError) -> FolderSelection

    /// What changed in the folder after `modSeq`: the disk is looked at again only when it changed
    /// since the last look (directory or file times), so calling this before every command is cheap.
    func changes(in folder: String, since modSeq: UInt64) throws(FolderStoreError) -> FolderChanges

    /// The index rows of the messages with these UIDs that the folder still holds, in UID order (a UID
    /// expunged meanwhile is left out): what a session that keeps only UIDs reads for a command.
    func messages(_ uids: [UInt32], in folder: String) throws(FolderStoreError) -> [IndexedMessage]

    /// Another writer (the queue's local delivery) has just changed the folder: the next look reads
    /// the disk again, whatever its times say, so the change is seen at the next command boundary.
    func noteChangeElsewhere(in folder: String)

    /// A number that moves whenever the store changes anything of the account (its index) or is told
    /// of a change elsewhere (``noteChangeElsewhere(in:)``); read at once, without blocking, so a
    /// session on its event loop can tell that what it read last is still what the store holds.
    /// Changes other programs make on disk move it only once a look (``changes(in:since:)``) found them.
    var changeGeneration: UInt64 { get }

    /// The message as IMAP and POP3 send it: CRLF line ends, exactly RFC822.SIZE bytes.
    func content(of message: IndexedMessage, in folder: String) throws(FolderStoreError) -> [UInt8]

    /// ``content(of:in:)`` of several messages, in the order given, with one look at the folder's path
    /// (a FETCH of many bodies); nil for a message that is gone.
    func contents(of messages: [IndexedMessage], in folder: String) throws(FolderStoreError) -> [[UInt8]?]

    /// ``content(of:in:)`` a piece at a time, so a message of any size is sent with bounded memory:
    /// the next piece from `position`, which moves on, reading about `storedBytes` bytes as stored (at
    /// most about twice that handed out, as line ends become CRLF). Call again until
    /// ``ContentPosition/isAtEnd``; the pieces add up to what ``content(of:in:)`` gives. Nothing stays
    /// open or locked between calls. `storedBytes` is above 0.
    func content(of message: IndexedMessage, in folder: String, continuing position: inout ContentPosition,
                 storedBytes: Int) throws(FolderStoreError) -> [UInt8]

    /// The messages' parsed structures (ENVELOPE, BODYSTRUCTURE, section offsets within
    /// ``content(of:in:)``), in the order given: each parsed once and then kept in the index, all read
    /// (and the new ones kept) in one step.
    func structures(of messages: [IndexedMessage], in folder: String) throws(FolderStoreError) -> [MessageStructure]

    /// What the index keeps of these messages' structures in `form` (``KeptStructure``), by UID; a
    /// message with nothing kept in that form is absent.
    func keptStructures(of uids: [UInt32], as form: KeptStructure, in folder: String) throws(FolderStoreError) -> [UInt32: [UInt8]]

    /// Keeps messages' structures in a form derived from the parsed one (IMAP's wire forms), by UID.
    func keep(_ structures: [UInt32: [UInt8]], as form: KeptStructure, in folder: String) throws(FolderStoreError)

    /// The messages' ENVELOPEs, in the order given: read from the structures the index keeps without
    /// the rest of them (SEARCH FROM, SUBJECT, ...), parsed and kept first for a message never parsed.
    func envelopes(of messages: [IndexedMessage], in folder: String) throws(FolderStoreError) -> [Envelope]

    /// APPEND (§6.3.12): stores `message` (CRLF or LF line ends) with `flags` and `internalDate`
    /// (seconds since the epoch; now when nil). Returns the new message (its UID for `[APPENDUID]`,
    /// RFC 4315 §3). `[TRYCREATE]` (``FolderStoreError/Code/nonexistent``) when the folder is missing.
    func append(_ message: [UInt8], flags: MessageFlags, internalDate: Int64?,
                to folder: String) throws(FolderStoreError) -> AppendedMessage

    /// STORE (§6.4.6) on the messages with `uids`: the index changes and, on Maildir, the files'
    /// `:2,` flags follow, so mutt and other Maildir readers agree. With `unchangedSince`
    /// (RFC 7162 §3.1.3) messages changed after it are left alone and returned as failed.
    func changeFlags(_ change: FlagChange, uids: [UInt32], in folder: String,
                     unchangedSince: UInt64?) throws(FolderStoreError) -> (changed: [IndexedMessage], failed: [UInt32])

    /// COPY (§6.4.7): copies the messages to `target` with their flags and internal dates, in UID
    /// order. Returns pairs of source and new UIDs for `[COPYUID]` (RFC 4315 §3).
    func copy(_ uids: [UInt32], from folder: String, to target: String) throws(FolderStoreError) -> CopiedMessages

    /// MOVE (RFC 6851 §3): as ``copy(_:from:to:)``, then the sources are expunged.
    func move(_ uids: [UInt32], from folder: String, to target: String) throws(FolderStoreError) -> CopiedMessages

    /// EXPUNGE (§6.4.3), UID EXPUNGE, POP3's UPDATE: removes the messages' files and forgets them.
    /// UIDs not in the folder are ignored.
    func expunge(_ uids: [UInt32], from folder: String) throws(FolderStoreError)
}

/// A folder in the account's list, for LIST and LSUB (RFC 9051 §6.3.9, RFC 6154).
public struct FolderInfo: Hashable, Sendable {
    /// The Unicode name, `INBOX` spelled so, `/` between levels.
    public var name: String
    /// `\Sent`, `\Drafts`, `\Trash`, `\Junk`, `\Archive`… (RFC 6154 §2), when the folder has one.
    public var specialUse: String?
    public var subscribed: Bool
    /// False for a name that only holds folders below it (`\Noselect`).
    public var selectable: Bool

    public init(name: String, specialUse: String? = nil, subscribed: Bool = false, selectable: Bool = true) {
        self.name = name
        self.specialUse = specialUse
        self.subscribed = subscribed
        self.selectable = selectable
    }
}

/// STATUS data (RFC 9051 §6.3.11, RFC 8438 SIZE, RFC 7162 HIGHESTMODSEQ).
public struct FolderCounters: Hashable, Sendable {
    public var messages: Int
    public var unseen: Int
    public var deleted: Int
    /// Sum of RFC822.SIZE.
    public var size: Int64
    public var uidNext: UInt32
    public var uidValidity: UInt32
    public var highestModSeq: UInt64

    public init(messages: Int, unseen: Int, deleted: Int, size: Int64, uidNext: UInt32, uidValidity: UInt32,
                highestModSeq: UInt64) {
        self.messages = messages
        self.unseen = unseen
        self.deleted = deleted
        self.size = size
        self.uidNext = uidNext
        self.uidValidity = uidValidity
        self.highestModSeq = highestModSeq
    }
}

/// What ``FolderStore/changes(in:since:)`` found: the folder's UIDNEXT and HIGHESTMODSEQ, messages
/// added or with changed flags (MODSEQ above the one asked about), in UID order, and the UIDs
/// expunged since.
public struct FolderChanges: Sendable {
    public var head: FolderHead
    public var changed: [IndexedMessage]
    public var expunged: [UInt32]

    public init(head: FolderHead, changed: [IndexedMessage], expunged: [UInt32]) {
        self.head = head
        self.changed = changed
        self.expunged = expunged
    }
}

/// A message APPEND stored: the folder's UIDVALIDITY and the message as indexed.
public struct AppendedMessage: Sendable {
    public var uidValidity: UInt32
    public var message: IndexedMessage

    public init(uidValidity: UInt32, message: IndexedMessage) {
        self.uidValidity = uidValidity
        self.message = message
    }
}

/// What COPY or MOVE did: the target's UIDVALIDITY and each source UID with its new UID, in source
/// UID order (RFC 4315 §3 `[COPYUID]`).
public struct CopiedMessages: Sendable {
    public var uidValidity: UInt32
    public var pairs: [(source: UInt32, target: UInt32)]

    public init(uidValidity: UInt32, pairs: [(source: UInt32, target: UInt32)]) {
        self.uidValidity = uidValidity
        self.pairs = pairs
    }
}

/// The folders every account starts with, with their RFC 6154 attribute, as Dovecot's default
/// `namespace inbox` configuration creates them (`auto = create`).
public enum SpecialUseFolder {
    public static let defaults: [(name: String, specialUse: String)] = [
        ("Drafts", "\\Drafts"), ("Sent", "\\Sent"), ("Trash", "\\Trash"), ("Junk", "\\Junk"), ("Archive", "\\Archive"),
    ]
}

/// Why a ``FolderStore`` call failed, mapped by IMAP to its response codes (RFC 5530).
public struct FolderStoreError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; compare with the static members.
    public struct Code: Hashable, Sendable {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// No folder of that name: `[NONEXISTENT]`, or `[TRYCREATE]` for APPEND, COPY, MOVE.
        public static let nonexistent = Code("nonexistent")
        /// CREATE or RENAME onto an existing name: `[ALREADYEXISTS]`.
        public static let alreadyExists = Code("alreadyExists")
        /// A name the layout cannot hold (`..`, a `.` in a Maildir++ level, …): `[CANNOT]`.
        public static let invalidName = Code("invalidName")
        /// Not allowed on this folder (DELETE INBOX): `[CANNOT]`.
        public static let notAllowed = Code("notAllowed")
        /// Quota or disk full: `[OVERQUOTA]` / `[LIMIT]`.
        public static let full = Code("full")
        /// A message of the request is gone (expunged by another session or program): `[EXPUNGEISSUED]`.
        public static let messageGone = Code("messageGone")
        /// Anything else (permissions, I/O, a broken index): `[SERVERBUG]`, logged.
        public static let failed = Code("failed")
    }

    public let code: Code
    /// One line for the log and, for all but ``Code/failed``, for the client: never message content.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
