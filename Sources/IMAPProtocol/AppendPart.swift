import NIOCore

/// APPEND as it arrives: the message literal is handed out in pieces as the client sends it, never
/// buffered whole (RFC 9051 §6.3.12; MULTIAPPEND RFC 3502 §6; BINARY's `~{n}` RFC 3516 §4.4). The parts
/// of one command come in the order
///
///     start  (beginMessage  messageBytes*  endMessage)+  finish
///
/// or stop after any of them with a ``CommandStreamPart/error(_:)`` carrying the same tag: the APPEND is
/// then void, all of its messages (RFC 3502 §6: MULTIAPPEND is all or nothing).
///
///     append         = "APPEND" SP mailbox 1*append-message
///     append-message = [SP flag-list] [SP date-time] SP literal      ; RFC 3502 §6, RFC 4466 §2.2
///     append-data    = literal / literal8                            ; RFC 3516 §4.4
public enum AppendPart: Hashable, Sendable {
    /// The command's tag and target mailbox.
    case start(tag: String, mailbox: MailboxName)
    /// A message begins: its flags, date, and announced size.
    case beginMessage(AppendMessage)
    /// The next octets of the message (as many as arrived, never past its end).
    case messageBytes(ByteBuffer)
    /// The message's last octet arrived.
    case endMessage
    /// The command line ended: the APPEND is complete.
    case finish
}

/// The metadata of one APPEND message (RFC 9051 §6.3.12).
public struct AppendMessage: Hashable, Sendable {
    /// The flags to set; may be empty.
    public var flags: [Flag]
    /// The internal date to give the message; nil means now.
    public var internalDate: IMAPDateTime?
    /// The literal's size in octets: exactly this many arrive in ``AppendPart/messageBytes(_:)``.
    public var size: Int
    /// Sent as `~{n}` (RFC 3516 §4.4): the octets may hold NUL and unencoded binary.
    public var isBinary: Bool

    public init(flags: [Flag] = [], internalDate: IMAPDateTime? = nil, size: Int, isBinary: Bool = false) {
        self.flags = flags
        self.internalDate = internalDate
        self.size = size
        self.isBinary = isBinary
    }
}
