import MailCore
/// A mailbox name as the client sent it (RFC 9051 §5.1, `mailbox = "INBOX" / astring`), also used for
/// LIST's reference and patterns (`list-mailbox`, whose `%` and `*` are wildcards).
///
/// The octets are kept as sent: what they mean depends on the session. An IMAP4rev1 client writes names
/// in modified UTF-7 (RFC 3501 §5.1.3); after ENABLE IMAP4rev2 or UTF8=ACCEPT names are UTF-8 (RFC 9051
/// §5.1, RFC 6855 §3) and `&` is an ordinary character. ``decoded(utf8Names:)`` gives the Unicode name
/// either way. `INBOX` is case-insensitive (RFC 9051 §5.1): any spelling of it is kept as `INBOX`, so
/// names compare equal exactly when they name the same mailbox.
public struct MailboxName: Hashable, Sendable, CustomStringConvertible {
    /// The name's octets, `INBOX` in capitals.
    public let bytes: [UInt8]

    /// Why a name cannot be decoded; the name is never echoed.
    public struct DecodingError: Error, Hashable, Sendable {}

    /// The name made of `bytes`, with any case of `INBOX` made `INBOX`.
    public init(_ bytes: some Collection<UInt8>) {
        let array = Array(bytes)
        self.bytes = Self.isInboxSpelling(array) ? Self.inbox.bytes : array
    }

    /// The name whose octets are `text`'s UTF-8.
    public init(_ text: String) {
        self.init(Array(text.utf8))
    }

    /// The mailbox every user has (RFC 9051 §5.1).
    public static let inbox = MailboxName(raw: Array("INBOX".utf8))

    private init(raw: [UInt8]) {
        bytes = raw
    }

    /// The wire form of the Unicode name `name`: UTF-8 for a client that has enabled IMAP4rev2 or
    /// UTF8=ACCEPT, modified UTF-7 otherwise.
    public static func encoding(_ name: String, utf8Names: Bool) -> MailboxName {
        MailboxName(utf8Names ? name : ModifiedUTF7.encode(name))
    }

    /// True for `INBOX` in any case.
    public var isInbox: Bool { bytes == Self.inbox.bytes }

    /// The Unicode name. With `utf8Names` (IMAP4rev2 or UTF8=ACCEPT enabled) the octets must be UTF-8 and
    /// are taken as they are. Otherwise an ASCII name is modified UTF-7 and must be well formed; a name
    /// with 8-bit octets is accepted as UTF-8, which IMAP4rev1 clients send in practice. Either way the
    /// name must be Net-Unicode (RFC 5198 §2): no control characters, no NUL.
    public func decoded(utf8Names: Bool) throws(DecodingError) -> String {
        let text: String
        if utf8Names || bytes.contains(where: { $0 >= 0x80 }) {
            guard let utf8 = String(validating: bytes, as: UTF8.self) else { throw DecodingError() }
            text = utf8
        } else {
            do {
                text = try ModifiedUTF7.decode(bytes)
            } catch {
                throw DecodingError()
            }
        }
        guard !text.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else {
            throw DecodingError()
        }
        return text
    }

    /// The octets as text, for logs and tests (invalid UTF-8 shown as U+FFFD).
    public var description: String { String(decoding: bytes, as: UTF8.self) }

    private static func isInboxSpelling(_ bytes: [UInt8]) -> Bool {
        bytes.count == 5 && zip(bytes, "INBOX".utf8).allSatisfy { ($0 & 0xDF) == $1 }
    }
}
