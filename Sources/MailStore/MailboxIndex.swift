import MailCore
import Glibc

/// The per-mailbox index file earlier versions of mailroom kept beside each mailbox, read once when the
/// account's index (`MailIndex`, through the folder store) first sees the folder, so the UIDVALIDITY
/// and UIDs it gave out (RFC 9051 §2.3.1.1), and the POP3 UIDLs made of them (RFC 1939 §7), survive
/// the upgrade. Nothing writes it any more.
///
/// Where it is, as Dovecot keeps `dovecot-uidlist`:
/// - Maildir: `ROOT/mailroom.index` (a `.Name` folder is a Maildir of its own, so its index sits in it);
/// - mbox: `PATH.mailroom-index` next to the mbox file.
///
/// A message is known by a key that survives what other programs do to it: a Maildir base name (moves
/// from `new/` to `cur/` and flag changes keep it), an mbox content digest (rewrites by mail(1) keep it);
/// ``FolderFiles`` lists messages by the same keys.
///
/// ## Format
/// ```
/// mailroom-index 1 UIDVALIDITY NEXTUID
/// UID KEY
/// ```
/// one message per line, in UID order; bytes of a key outside `!`...`~` and `%` are written `%XX`.
public struct MailboxIndex: Sendable {
    /// The index file.
    public let path: String
    /// The identity and calls the index is read with: those of its mailbox.
    let access: MailboxAccess

    private static let magic = "mailroom-index"
    /// The largest index file read: about 80 bytes a message for a million messages. A larger one is
    /// not an index mailroom wrote, and is ignored as a damaged one is.
    static let maximumSize = 80 << 20

    /// The index of `mailbox`, read through `fileSystem` as the mailbox's actor.
    public init(for mailbox: MailboxLocation, fileSystem: any MailboxFileSystem = DirectMailboxFileSystem()) {
        access = MailboxAccess(for: mailbox, fileSystem: fileSystem)
        switch mailbox.format {
        case .maildir: path = mailbox.path + "/mailroom.index"
        case .mbox: path = mailbox.path + ".mailroom-index"
        }
    }

    /// What the index file holds, read as the mailbox's owner: the UIDVALIDITY, the next UID and each
    /// message's UID and key in UID order; `nil` when there is no index or it cannot be parsed.
    public func stored() throws(MailStoreError) -> (uidValidity: UInt32, nextUID: UInt32, messages: [(uid: UInt32, key: String)])? {
        try access.run { () -> (uidValidity: UInt32, nextUID: UInt32, messages: [(uid: UInt32, key: String)])? in
            load()
        }.get()
    }

    private func load() -> (uidValidity: UInt32, nextUID: UInt32, messages: [(uid: UInt32, key: String)])? {
        guard let file = try? access.open(path, flags: O_RDONLY | O_NOFOLLOW | O_NONBLOCK) else { return nil }
        defer { file.closeQuietly() }
        var data: [UInt8] = []
        while true {
            guard let chunk = try? file.read(count: 65536, at: Int64(data.count)), data.count + chunk.count <= Self.maximumSize else {
                return nil
            }
            data += chunk
            if chunk.count < 65536 { break }
        }
        return Self.parse(data)
    }

    /// The UIDVALIDITY, next UID and messages of an index file's bytes; `nil` for anything that is not
    /// exactly the format above (UIDs ascending and below the next UID, keys non-empty, `%XX` escapes
    /// well formed).
    static func parse(_ data: [UInt8]) -> (uidValidity: UInt32, nextUID: UInt32, messages: [(uid: UInt32, key: String)])? {
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard lines.last?.isEmpty == true else { return nil }
        let header = lines[0].split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
        guard header.count == 4, header[0] == Self.magic, header[1] == "1",
              let uidValidity = UInt32(header[2]), uidValidity > 0,
              let nextUID = UInt32(header[3]), nextUID > 0
        else { return nil }
        var messages: [(uid: UInt32, key: String)] = []
        var lastUID: UInt32 = 0
        for line in lines.dropFirst().dropLast() {
            let fields = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
            guard fields.count == 2, let uid = UInt32(String(decoding: fields[0], as: UTF8.self)),
                  uid > lastUID, uid < nextUID, let key = Self.unescape(fields[1])
            else { return nil }
            lastUID = uid
            messages.append((uid, key))
        }
        return (uidValidity, nextUID, messages)
    }

    static func unescape(_ field: some Collection<UInt8>) -> String? {
        var bytes: [UInt8] = []
        var iterator = field.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next(), let low = iterator.next(),
                  let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { return nil }
            bytes.append(value)
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }
}
