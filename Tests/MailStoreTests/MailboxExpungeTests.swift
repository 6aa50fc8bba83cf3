import MailCore
import Foundation
import Glibc
import MailroomConfig
import Testing
@testable import MailStore

@Suite("expunge: POP3's UPDATE state (RFC 1939 §6)")
struct MailboxExpungeTests {
    @Test("Maildir: the files are removed, the rest stay, UIDs are not reused")
    func maildir() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .maildir, path: "\(directory)/Maildir")
            for number in 1...3 { try deliver(message(number), to: box) }
            let first = try snapshot(box)
            // One message was already moved to cur/ by another reader; one is already gone.
            let name = try #require(entries("\(box.path)/new").sorted().first)
            #expect(rename("\(box.path)/new/\(name)", "\(box.path)/cur/\(name):2,S") == 0)
            try first.expunge([first.messages[0], first.messages[1]])
            try first.expunge([first.messages[1]])  // already gone: fine
            let second = try snapshot(box)
            #expect(second.messages.map(\.uid) == [3])
            #expect(try readAll(second, second.messages[0]) == message(3))
            try deliver(message(4), to: box)
            #expect(try snapshot(box).messages.map(\.uid) == [3, 4])
            #expect(try snapshot(box).uidValidity == first.uidValidity)
        }
    }

    @Test("mbox: deleted entries go, a message delivered after the snapshot stays, mode 0600 stays")
    func mbox() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .mbox, path: "\(directory)/inbox")
            for number in 1...3 { try deliver(message(number), to: box) }
            let first = try snapshot(box)
            try deliver(message(4), to: box)
            try first.expunge([first.messages[0], first.messages[2]])
            #expect(fileMode(box.path) == 0o600)
            #expect(!FileManager.default.fileExists(atPath: box.path + ".tmp"))
            #expect(!FileManager.default.fileExists(atPath: box.path + ".lock"))
            let text = String(decoding: contents(box.path), as: UTF8.self)
            #expect(text.hasPrefix("From "))
            #expect(text.contains("body 2") && text.contains("body 4"))
            #expect(!text.contains("body 1") && !text.contains("body 3"))
            let second = try snapshot(box)
            #expect(second.messages.map(\.uid) == [2, 4])
            #expect(try second.messages.map { try readAll(second, $0) } == [message(2), message(4)])
            try second.expunge(second.messages)
            #expect(contents(box.path).isEmpty)
            try deliver(message(5), to: box)
            #expect(try snapshot(box).messages.map(\.uid) == [5])
        }
    }

    @Test("mbox: a failed rewrite leaves the mailbox and the index as they were")
    func mboxFailure() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .mbox, path: "\(directory)/inbox")
            for number in 1...2 { try deliver(message(number), to: box) }
            let first = try snapshot(box)
            let before = contents(box.path)
            // A directory where the temporary file belongs: the rewrite cannot start.
            #expect(mkdir(box.path + ".tmp", 0o700) == 0)
            #expect(throws: MailStoreError.self) { try first.expunge([first.messages[0]]) }
            #expect(contents(box.path) == before)
            #expect(!FileManager.default.fileExists(atPath: box.path + ".lock"))
            #expect(try snapshot(box).messages.map(\.uidl) == first.messages.map(\.uidl))
        }
    }

    @Test("an empty expunge (a dropped connection deletes nothing) changes nothing")
    func nothingToDelete() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .mbox, path: "\(directory)/inbox")
            try deliver(message(1), to: box)
            let before = contents(box.path)
            try snapshot(box).expunge([])
            #expect(contents(box.path) == before)
        }
    }
}
