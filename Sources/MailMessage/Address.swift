/// One address of an ENVELOPE address list (RFC 9051 §7.5.2 / RFC 3501 §7.4.2 `address`): display name, source
/// route (adl), mailbox (local part) and host, each NIL when absent.
///
/// A group (RFC 5322 §3.4) is written as in IMAP: a start marker with only the mailbox set to the group's name
/// (``groupStart(_:)``), the members, and an end marker with everything NIL (``groupEnd``). A mailbox without a
/// domain gets ``missingHost`` and an address without a local part ``missingMailbox``, as UW IMAP's c-client
/// does, so that a NIL host only ever marks a group.
public struct Address: Hashable, Sendable {
    /// The display name (phrase, RFC 5322 §3.4) undecoded: quotes and quoted-pairs removed, words joined by one
    /// space, encoded words left encoded; or the comment after a bare addr-spec (`jdoe@example.org (John)`).
    public var name: ByteString?
    /// The obsolete source route (`@a.example,@b.example`, RFC 5322 §4.4 obs-route).
    public var adl: ByteString?
    /// The local part as written (quoted when the message quoted it); a group's name in a group start marker.
    public var mailbox: ByteString?
    /// The domain; NIL only in group markers.
    public var host: ByteString?

    public init(name: ByteString? = nil, adl: ByteString? = nil, mailbox: ByteString?, host: ByteString?) {
        self.name = name
        self.adl = adl
        self.mailbox = mailbox
        self.host = host
    }

    /// The host of a mailbox written without a domain.
    public static let missingHost: ByteString = ".MISSING-HOST-NAME."
    /// The mailbox of an address written without a local part.
    public static let missingMailbox: ByteString = "MISSING_MAILBOX"

    /// The marker opening group `name`.
    public static func groupStart(_ name: ByteString) -> Address { Address(mailbox: name, host: nil) }
    /// The marker closing a group.
    public static let groupEnd = Address(mailbox: nil, host: nil)

    /// True for a group start marker.
    public var isGroupStart: Bool { host == nil && mailbox != nil }
    /// True for a group end marker.
    public var isGroupEnd: Bool { host == nil && mailbox == nil }

    /// The display name with encoded words decoded (RFC 2047 §5 (3)), for SEARCH and display.
    public var decodedName: String? { name.map { HeaderDecoding.decode($0) } }
}
