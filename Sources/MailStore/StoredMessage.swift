/// One message of a ``MailboxSnapshot``: its identity and its size as POP3 and IMAP report them.
///
/// The identity is the pair (UIDVALIDITY, UID) of RFC 9051 §2.3.1.1, kept in the ``MailboxIndex``;
/// ``uidl`` is the same pair as the RFC 1939 §7 unique-id, so a POP3 UIDL and an IMAP UID always name the
/// same message.
public struct StoredMessage: Sendable, Hashable {
    /// The IMAP UID, ascending in arrival order and never reused in this UIDVALIDITY.
    public let uid: UInt32
    /// The mailbox's UIDVALIDITY when the snapshot was taken.
    public let uidValidity: UInt32
    /// The size in octets as the message is sent: CRLF line ends, no mbox `From ` line, mboxrd quoting
    /// undone (RFC 1939 §5 LIST, RFC 9051 RFC822.SIZE). Equals the bytes ``MailboxSnapshot/read(_:into:)``
    /// delivers.
    public let size: Int64
    /// The key the index knows the message by (a Maildir base name, an mbox digest).
    let key: String
    /// Where the message was when the snapshot was taken.
    let storage: Storage

    enum Storage: Sendable, Hashable {
        /// The file's path (in `new/` or `cur/`; a reader may since have moved it).
        case maildirFile(String)
        /// The byte range of the entry: its `From ` line starts at `fromLine`, the message itself is
        /// `content` (without the blank separator line).
        case mboxEntry(fromLine: Int64, content: Range<Int64>)
    }

    /// The POP3 unique-id listing value (RFC 1939 §7): `UIDVALIDITY.UID` in decimal, at most 21 printable
    /// characters, stable across sessions and restarts while the index lives.
    public var uidl: String { "\(uidValidity).\(uid)" }
}
