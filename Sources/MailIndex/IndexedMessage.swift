/// One message as the index knows it (RFC 9051 §2.3): its UID, where the store keeps it, its flags,
/// dates and size, and the modification sequence of its last change (RFC 7162 §3.1.1).
public struct IndexedMessage: Hashable, Sendable {
    public var uid: UInt32
    /// The store's name for the message (a Maildir base name, an mbox entry's digest key).
    public var key: String
    public var flags: MessageFlags
    /// INTERNALDATE, seconds since the epoch.
    public var internalDate: Int64
    /// RFC822.SIZE: the size with CRLF line ends.
    public var size: Int64
    /// RFC 7162 MODSEQ; above 0.
    public var modSeq: UInt64

    public init(uid: UInt32, key: String, flags: MessageFlags, internalDate: Int64, size: Int64, modSeq: UInt64) {
        self.uid = uid
        self.key = key
        self.flags = flags
        self.internalDate = internalDate
        self.size = size
        self.modSeq = modSeq
    }
}

/// A message the store holds, as a listing or an APPEND hands it to the index.
public struct StoredEntry: Hashable, Sendable {
    public var key: String
    /// Flags the store itself keeps (a Maildir name's `:2,` info), used for a message the index has
    /// not seen.
    public var flags: MessageFlags
    public var internalDate: Int64
    public var size: Int64

    public init(key: String, flags: MessageFlags = MessageFlags(), internalDate: Int64, size: Int64) {
        self.key = key
        self.flags = flags
        self.internalDate = internalDate
        self.size = size
    }
}

/// A folder's identity and counters (RFC 9051 §2.3.1.1, §7.2.4; RFC 7162 §3.1.2).
public struct FolderStatus: Hashable, Sendable {
    /// The folder's name, `INBOX` spelled so.
    public var name: String
    public var uidValidity: UInt32
    public var uidNext: UInt32
    public var highestModSeq: UInt64
    public var messageCount: Int
    public var subscribed: Bool
    /// RFC 6154 attribute (`\Sent`, `\Drafts`…), when the folder has one.
    public var specialUse: String?
}

/// What changes with every change to a folder (RFC 9051 §2.3.1.1, RFC 7162 §3.1.2), without the
/// message count ``FolderStatus`` carries.
public struct FolderHead: Hashable, Sendable {
    public var uidValidity: UInt32
    public var uidNext: UInt32
    public var highestModSeq: UInt64

    public init(uidValidity: UInt32, uidNext: UInt32, highestModSeq: UInt64) {
        self.uidValidity = uidValidity
        self.uidNext = uidNext
        self.highestModSeq = highestModSeq
    }
}

/// A folder after ``MailIndex/synchronize(_:with:)``: its status, its messages in UID order, and the
/// UIDs the listing no longer had (removed by another program), for EXPUNGE responses.
public struct FolderSnapshot: Sendable {
    public var status: FolderStatus
    public var messages: [IndexedMessage]
    public var vanished: [UInt32]

    public init(status: FolderStatus, messages: [IndexedMessage], vanished: [UInt32]) {
        self.status = status
        self.messages = messages
        self.vanished = vanished
    }
}
