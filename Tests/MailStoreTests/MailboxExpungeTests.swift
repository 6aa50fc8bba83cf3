import MailCore
import Foundation
import Glibc
import MailroomConfig
import Testing
@testable import MailStore

@Suite("removing messages: EXPUNGE and POP3's UPDATE state (RFC 9051 §6.4.3, RFC 1939 §6)")
struct MailboxExpungeTests {
    @Test("Maildir: the files are removed, the rest stay")
    func maildir() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .maildir, path: "\(directory)/Maildir")
            for number in 1...3 { try deliver(message(number), to: box) }
            let first = try listing(box)
            // One message was already moved to cur/ by another reader; one is already gone.
            let name = try #require(entries("\(box.path)/new").sorted().first)
            #expect(rename("\(box.path)/new/\(name)", "\(box.path)/cur/\(name):2,S") == 0)
            try remove([first[0], first[1]], from: box)
            try remove([first[1]], from: box)  // already gone: fine
            let second = try listing(box)
            #expect(second.map(\.key) == [first[2].key])
            #expect(try readAll(box, second[0]) == message(3))
        }
    }

    @Test("mbox: deleted entries go, a message delivered after the listing stays, mode 0600 stays")
    func mbox() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .mbox, path: "\(directory)/inbox")
            for number in 1...3 { try deliver(message(number), to: box) }
            let first = try listing(box)
            try deliver(message(4), to: box)
            try remove([first[0], first[2]], from: box)
            #expect(fileMode(box.path) == 0o600)
            #expect(!FileManager.default.fileExists(atPath: box.path + ".tmp"))
            #expect(!FileManager.default.fileExists(atPath: box.path + ".lock"))
            let text = String(decoding: contents(box.path), as: UTF8.self)
            #expect(text.hasPrefix("From "))
            #expect(text.contains("body 2") && text.contains("body 4"))
            #expect(!text.contains("body 1") && !text.contains("body 3"))
            let second = try listing(box)
            #expect(second.count == 2 && second[0].key == first[1].key)
            #expect(try second.map { try readAll(box, $0) } == [message(2), message(4)])
            try remove(second, from: box)
            #expect(contents(box.path).isEmpty)
            try deliver(message(5), to: box)
            #expect(try listing(box).map { try readAll(box, $0) } == [message(5)])
        }
    }

    @Test("mbox: a failed rewrite leaves the mailbox as it was")
    func mboxFailure() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .mbox, path: "\(directory)/inbox")
            for number in 1...2 { try deliver(message(number), to: box) }
            let first = try listing(box)
            let before = contents(box.path)
            // A directory where the temporary file belongs: the rewrite cannot start.
            #expect(mkdir(box.path + ".tmp", 0o700) == 0)
            #expect(throws: MailStoreError.self) { try remove([first[0]], from: box) }
            #expect(contents(box.path) == before)
            #expect(!FileManager.default.fileExists(atPath: box.path + ".lock"))
            #expect(try listing(box).map(\.key) == first.map(\.key))
        }
    }

    @Test("removing nothing (a dropped POP3 connection deletes nothing) changes nothing")
    func nothingToDelete() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .mbox, path: "\(directory)/inbox")
            try deliver(message(1), to: box)
            let before = contents(box.path)
            try remove([], from: box)
            #expect(contents(box.path) == before)
        }
    }
}
