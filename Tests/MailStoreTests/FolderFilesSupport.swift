import Glibc
import MailroomConfig
@testable import MailStore

/// The files of `box`, with the short lock waits of ``testAgent()``.
func folderFiles(_ box: MailboxLocation) -> FolderFiles {
    FolderFiles(mailbox: box, configuration: testAgent().configuration)
}

/// The messages of `box` in arrival order, every one measured.
func listing(_ box: MailboxLocation) throws -> [FolderEntry] {
    try folderFiles(box).list { _ in false }
}

/// The bytes a read gives for `entry` (CRLF, mboxrd quoting undone).
func readAll(_ box: MailboxLocation, _ entry: FolderEntry) throws -> [UInt8] {
    try folderFiles(box).read(entry.key, at: entry.location)
}

/// Removes `entries` from `box`, as an EXPUNGE or POP3's UPDATE state does.
func remove(_ entries: [FolderEntry], from box: MailboxLocation) throws {
    try folderFiles(box).remove(entries.map { (key: $0.key, location: $0.location) })
}

func message(_ number: Int, body: String = "") -> [UInt8] {
    bytes("Subject: message \(number)\r\nMessage-ID: <\(number)@example.test>\r\n\r\nbody \(number)\r\n\(body)")
}
