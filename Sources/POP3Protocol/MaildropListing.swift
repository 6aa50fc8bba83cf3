/// The maildrop as it was when the session opened it (RFC 1939 §4: the server acquires the maildrop
/// and numbers its messages 1...n for the session). Messages delivered later are not in it.
///
/// The driver builds it from the store after locking the maildrop. The machine never reads a message;
/// it hands ``Message/id`` back to the driver to stream or delete.
public struct MaildropListing: Hashable, Sendable {
    /// One message of the maildrop.
    public struct Message: Hashable, Sendable {
        /// The store's name for the message (e.g. a Maildir base name), opaque to the machine.
        public var id: String
        /// The size in octets with CRLF line ends, as RETR sends it before stuffing (RFC 1939 §5).
        public var size: Int
        /// The unique-id listing, stable across sessions: 1-70 characters of 0x21-0x7E (RFC 1939 §7).
        public var uniqueID: String

        /// A message, or `nil` when the size is negative or `uniqueID` is not a valid RFC 1939 §7
        /// unique-id (``MaildropListing/isValidUniqueID(_:)``; a driver hashes longer names).
        public init?(id: String, size: Int, uniqueID: String) {
            guard size >= 0, MaildropListing.isValidUniqueID(uniqueID) else { return nil }
            self.id = id
            self.size = size
            self.uniqueID = uniqueID
        }
    }

    /// The messages; message number `k` is `messages[k - 1]`.
    public var messages: [Message]

    public init(messages: [Message]) {
        self.messages = messages
    }

    // unique-id = 1*70 %x21-7E                                               (RFC 1939 §7)
    /// True when `text` may be sent as a UIDL.
    public static func isValidUniqueID(_ text: String) -> Bool {
        let bytes = text.utf8
        return (1...POP3Limits.uniqueIDLength).contains(bytes.count) && bytes.allSatisfy { (0x21...0x7E).contains($0) }
    }
}
