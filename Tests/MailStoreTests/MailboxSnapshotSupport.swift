import Glibc
import MailroomConfig
@testable import MailStore

/// The bytes `read` streams for `message`.
func readAll(_ snapshot: MailboxSnapshot, _ message: StoredMessage) throws -> [UInt8] {
    var result: [UInt8] = []
    try snapshot.read(message) { result += $0 }
    return result
}

/// A snapshot with the short lock waits of ``testAgent()``.
func snapshot(_ box: MailboxLocation) throws -> MailboxSnapshot {
    try MailboxSnapshot.open(mailbox: box, configuration: testAgent().configuration)
}

func message(_ number: Int, body: String = "") -> [UInt8] {
    bytes("Subject: message \(number)\r\nMessage-ID: <\(number)@example.test>\r\n\r\nbody \(number)\r\n\(body)")
}
