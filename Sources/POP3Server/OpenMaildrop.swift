import MailFolders
import MailIndex
import MailStore

/// A POP3 session's maildrop from login to the end of the session (RFC 1939 §4, §8): the exclusive
/// lock, the account's folder store (shared with its IMAP sessions, so POP3's UIDL `V.U` and IMAP's
/// UIDVALIDITY V, UID U name the same message), and the INBOX as listed at login, which the
/// session keeps whatever arrives later.
struct OpenMaildrop: Sendable {
    /// The folder POP3 serves.
    static let folder = "INBOX"

    let lock: MaildropLock
    let store: any FolderStore
    /// The account's name in the ``FolderChangeHub``.
    let hubKey: String
    /// Gives the store back to ``SharedFolderStores``.
    let releaseStore: @Sendable () -> Void
    let uidValidity: UInt32
    /// The messages in UID order, as listed at login.
    let messages: [IndexedMessage]
    /// The messages by the id the machine knows them by (the UID in decimal).
    let byID: [String: IndexedMessage]

    init(lock: MaildropLock, store: any FolderStore, hubKey: String, releaseStore: @escaping @Sendable () -> Void,
         snapshot: FolderSnapshot) {
        self.lock = lock
        self.store = store
        self.hubKey = hubKey
        self.releaseStore = releaseStore
        uidValidity = snapshot.status.uidValidity
        messages = snapshot.messages
        byID = Dictionary(snapshot.messages.map { (String($0.uid), $0) }) { first, _ in first }
    }

    /// The RFC 1939 §7 unique-id of `message`: `UIDVALIDITY.UID` in decimal, at most 21 printable
    /// characters, the pair IMAP names the message by (RFC 9051 §2.3.1.1).
    func uniqueID(of message: IndexedMessage) -> String {
        "\(uidValidity).\(message.uid)"
    }

    /// Frees the maildrop for the next session and the store for the account's last session.
    func release() {
        lock.release()
        releaseStore()
    }
}
