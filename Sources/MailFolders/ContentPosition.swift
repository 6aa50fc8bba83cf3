import MailStore

/// How far a piecewise read of one message's content has got
/// (``FolderStore/content(of:in:continuing:storedBytes:)``), for a message too large to hold whole: a
/// POP3 RETR (RFC 1939 §7) or an IMAP FETCH of a large body. Start each message with a new one.
public struct ContentPosition: Sendable {
    /// The store's own position in the stored bytes; made at the first piece, when the folder's
    /// format is known.
    var stored: MessageReadPosition?
    /// Content bytes handed out so far.
    var delivered: Int64 = 0
    /// True once the whole message (exactly its RFC822.SIZE) has been handed out.
    public internal(set) var isAtEnd = false

    /// The start of a message.
    public init() {}
}
