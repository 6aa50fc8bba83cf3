import IMAPMailbox
import IMAPProtocol
import MailFolders
import MailMessage

@testable import MailIndex

/// Messages, snapshots and changes for the tests.
enum Fixtures {
    static func message(_ uid: UInt32, _ system: MessageFlags.System = [], keywords: Set<String> = [],
                        modSeq: UInt64 = 1, size: Int64 = 100, internalDate: Int64 = 837_570_205) -> IndexedMessage {
        IndexedMessage(uid: uid, key: "key\(uid)", flags: MessageFlags(system: system, keywords: keywords),
                       internalDate: internalDate, size: size, modSeq: modSeq)
    }

    static func status(uidNext: UInt32, highestModSeq: UInt64 = 1, count: Int = 0) -> FolderStatus {
        FolderStatus(name: "INBOX", uidValidity: 3_857_529_045, uidNext: uidNext, highestModSeq: highestModSeq,
                     messageCount: count, subscribed: true, specialUse: nil)
    }

    /// A folder holding `messages`, as SELECT opens it.
    static func selection(_ messages: [IndexedMessage]) -> FolderSelection {
        let next = (messages.map(\.uid).max() ?? 0) + 1
        let highest = messages.map(\.modSeq).max() ?? 1
        return FolderSelection(status: status(uidNext: next, highestModSeq: highest, count: messages.count),
                               messages: messages.map { (uid: $0.uid, flags: $0.flags) })
    }

    /// A session's list of a folder holding `messages`.
    static func list(_ messages: [IndexedMessage]) -> SelectedMessages {
        SelectedMessages(selection: selection(messages))
    }

    /// Messages with UIDs `uids`, flags empty.
    static func list(uids: [UInt32]) -> SelectedMessages {
        list(uids.map { message($0) })
    }

    static func changes(_ changed: [IndexedMessage], expunged: [UInt32] = [], uidNext: UInt32 = 100,
                        highestModSeq: UInt64 = 50) -> FolderChanges {
        FolderChanges(head: FolderHead(uidValidity: 1, uidNext: uidNext, highestModSeq: highestModSeq), changed: changed,
                      expunged: expunged)
    }

    /// RFC 9051 §8's message, made MIME: a GB2312 text part in base64, four binary octets, and a part in an
    /// encoding the server does not know. Header fields in encoded words (GB2312 subject, UTF-8 name).
    static let mimeLines = [
        "Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)",
        "From: =?UTF-8?B?5byg5LiJ?= <zhang@example.cn>",
        "Subject: =?GB2312?B?u+HS6bzN0qo=?= IMAP4rev2 WG mtg summary",
        "To: imap@cac.washington.example",
        "cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EXAMPLE>",
        "X-Odd: one",
        "Message-Id: <B27397-0100000@cac.washington.example>",
        "x-odd: two",
        "MIME-Version: 1.0",
        "Content-Type: multipart/mixed; boundary=\"b1\"",
        "",
        "--b1",
        "Content-Type: text/plain; charset=gb2312",
        "Content-Transfer-Encoding: base64",
        "",
        "u+HS6bzN0qogbWludXRlcyBvZiB0aGUgbWVldGluZw0KU3RyYYEwiThlDQo=",
        "--b1",
        "Content-Type: application/octet-stream",
        "Content-Transfer-Encoding: base64",
        "",
        "AAECAw==",
        "--b1",
        "Content-Type: application/x-thing",
        "Content-Transfer-Encoding: x-uuencode",
        "",
        "begin 644 thing",
        "--b1--",
        "",
    ]

    static let mime = Array(mimeLines.joined(separator: "\r\n").utf8)

    /// A one-part message.
    static let plain = Array(
        ("Date: 1 Feb 94 10:00:00 GMT\r\nFrom: Fred Foobar <foobar@Blurdybloop.example>\r\n"
            + "Subject: afternoon meeting\r\nTo: mooch@owatagu.siam.edu.example\r\n\r\n"
            + "Hello Joe, do you think we can meet at 3:30 tomorrow?\r\n").utf8)
}
