import MailCore
import Foundation
import Glibc
import MailroomConfig
import Testing
@testable import MailStore

@Suite("mailbox snapshots: identities, sizes and reading (RFC 1939, RFC 9051 §2.3.1.1)")
struct MailboxSnapshotTests {
    static let formats: [MailLocation.Format] = [.maildir, .mbox]

    func box(_ format: MailLocation.Format, in directory: String) -> MailboxLocation {
        MailboxLocation(format: format, path: format == .maildir ? "\(directory)/Maildir" : "\(directory)/inbox")
    }

    @Test("a mailbox that does not exist is empty", arguments: formats)
    func missingMailbox(format: MailLocation.Format) async throws {
        try await withTemporaryDirectory { directory in
            let snapshot = try snapshot(box(format, in: directory))
            #expect(snapshot.messages.isEmpty)
            #expect(snapshot.uidValidity > 0)
            #expect(snapshot.totalSize == 0)
        }
    }

    @Test("UIDs ascend in arrival order; UIDL is UIDVALIDITY.UID, printable and at most 70 characters", arguments: formats)
    func uidsAscend(format: MailLocation.Format) async throws {
        try await withTemporaryDirectory { directory in
            let box = box(format, in: directory)
            for number in 1...3 { try deliver(message(number), to: box) }
            let snapshot = try snapshot(box)
            #expect(snapshot.messages.map(\.uid) == [1, 2, 3])
            for (index, stored) in snapshot.messages.enumerated() {
                #expect(try readAll(snapshot, stored) == message(index + 1))
                #expect(stored.uidl == "\(snapshot.uidValidity).\(stored.uid)")
                #expect(stored.uidl.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E } && stored.uidl.utf8.count <= 70)
            }
        }
    }

    @Test("identities are the same in a later snapshot and after a restart (a new index object)", arguments: formats)
    func stableAcrossSnapshots(format: MailLocation.Format) async throws {
        try await withTemporaryDirectory { directory in
            let box = box(format, in: directory)
            for number in 1...3 { try deliver(message(number), to: box) }
            let first = try snapshot(box)
            try deliver(message(4), to: box)
            let second = try snapshot(box)
            #expect(second.uidValidity == first.uidValidity)
            #expect(Array(second.messages.prefix(3).map(\.uidl)) == first.messages.map(\.uidl))
            #expect(second.messages.last?.uid == 4)
            let assignment = try MailboxIndex(for: box).synchronize(keys: second.messages.map(\.key))
            #expect(assignment.uids == [1, 2, 3, 4])
            #expect(assignment.uidValidity == first.uidValidity)
        }
    }

    @Test("a message delivered after the snapshot is not in it, but is in the next one", arguments: formats)
    func excludesLaterDeliveries(format: MailLocation.Format) async throws {
        try await withTemporaryDirectory { directory in
            let box = box(format, in: directory)
            try deliver(message(1), to: box)
            let during = try snapshot(box)
            try deliver(message(2), to: box)
            #expect(during.messages.count == 1)
            #expect(try readAll(during, during.messages[0]) == message(1))
            let next = try snapshot(box)
            #expect(next.messages.map(\.uid) == [1, 2])
            #expect(try readAll(next, next.messages[1]) == message(2))
        }
    }

    @Test("the size is the number of CRLF bytes read, for LF, CRLF and unterminated messages", arguments: formats)
    func sizes(format: MailLocation.Format) async throws {
        try await withTemporaryDirectory { directory in
            let box = box(format, in: directory)
            let samples = [
                bytes("Subject: lf\n\nline one\nline two\n"),
                bytes("Subject: crlf\r\n\r\nFrom here\r\n>From there\r\n"),
                bytes("Subject: open\r\n\r\nno newline at the end"),
                bytes("Subject: blank end\r\n\r\ntext\r\n\r\n"),
            ]
            for sample in samples { try deliver(sample, to: box) }
            let snapshot = try snapshot(box)
            try #require(snapshot.messages.count == samples.count)
            for (stored, sample) in zip(snapshot.messages, samples) {
                let read = try readAll(snapshot, stored)
                #expect(Int64(read.count) == stored.size)
                var crlf = sample
                if format == .mbox, crlf.last != UInt8(ascii: "\n") { crlf += bytes("\n") }  // mbox ends every line
                let expected = String(decoding: crlf, as: UTF8.self)
                    .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
                #expect(read == bytes(expected))
            }
            #expect(snapshot.totalSize == snapshot.messages.reduce(0) { $0 + $1.size })
        }
    }

    @Test("a batch read (one identity switch and path check) gives each message as a read of its own does", arguments: formats)
    func batchRead(format: MailLocation.Format) async throws {
        try await withTemporaryDirectory { directory in
            let box = box(format, in: directory)
            for index in 0..<5 { try deliver(bytes("Subject: \(index)\r\n\r\nbody \(index)\nline\r\n"), to: box) }
            let snapshot = try snapshot(box)
            let batch = try snapshot.withReader { reader in
                try snapshot.messages.map { message in
                    var read: [UInt8] = []
                    try reader.read(message) { read += $0 }
                    return read
                }
            }
            #expect(batch == (try snapshot.messages.map { try readAll(snapshot, $0) }))
            #expect(batch.count == 5)
        }
    }

    @Test("mbox: reading drops the From_ line and undoes mboxrd >From quoting")
    func mboxUnquotes() async throws {
        try await withTemporaryDirectory { directory in
            let box = box(.mbox, in: directory)
            let original = bytes("Subject: q\r\n\r\nFrom a\r\n>From b\r\n>>From c\r\n>Fro d\r\nFrom\r\n")
            try deliver(original, to: box, chunkSize: 3)
            #expect(String(decoding: contents(box.path), as: UTF8.self).contains("\n>>>From c\n"))
            let snapshot = try snapshot(box)
            let read = try readAll(snapshot, snapshot.messages[0])
            #expect(read == original)
            #expect(snapshot.messages[0].size == Int64(original.count))
        }
    }

    @Test("Maildir: a reader moving the message from new/ to cur/ with flags keeps its identity and it still reads")
    func maildirMoveKeepsIdentity() async throws {
        try await withTemporaryDirectory { directory in
            let box = box(.maildir, in: directory)
            try deliver(message(1), to: box)
            try deliver(message(2), to: box)
            let before = try snapshot(box)
            for name in entries("\(box.path)/new") {
                #expect(rename("\(box.path)/new/\(name)", "\(box.path)/cur/\(name):2,S") == 0)
            }
            // The old snapshot still finds the moved file.
            #expect(try readAll(before, before.messages[1]) == message(2))
            let after = try snapshot(box)
            #expect(after.messages.map(\.uidl) == before.messages.map(\.uidl))
            // A flag change renames it again.
            let moved = try #require(entries("\(box.path)/cur").first { $0.hasSuffix(":2,S") })
            #expect(rename("\(box.path)/cur/\(moved)", "\(box.path)/cur/\(moved)RT") == 0)
            #expect(try snapshot(box).messages.map(\.uidl) == before.messages.map(\.uidl))
        }
    }

    @Test("Maildir: a message without W= in its name has its size computed")
    func maildirWithoutSizes() async throws {
        try await withTemporaryDirectory { directory in
            let box = box(.maildir, in: directory)
            try deliver(message(1), to: box)
            for directory in ["cur", "tmp"] { mkdir("\(box.path)/\(directory)", 0o700) }
            write(bytes("Subject: hand made\n\nbare LF\n"), to: "\(box.path)/cur/1000.M1P1.host:2,")
            let snapshot = try snapshot(box)
            try #require(snapshot.messages.count == 2)
            let handMade = try #require(snapshot.messages.first { $0.key == "1000.M1P1.host" })
            #expect(handMade.uid == 1)  // it arrived first (its name says so)
            #expect(handMade.size == 31)
            #expect(try readAll(snapshot, handMade) == bytes("Subject: hand made\r\n\r\nbare LF\r\n"))
        }
    }

    @Test("mbox: identities survive an s-nail style rewrite that adds Status: and drops one message")
    func mboxRewriteKeepsIdentity() async throws {
        try await withTemporaryDirectory { directory in
            let box = box(.mbox, in: directory)
            for number in 1...3 { try deliver(message(number), to: box) }
            let before = try snapshot(box)
            // Like s-nail on quit: the read messages get "Status: RO", message 2 was deleted.
            let text = String(decoding: contents(box.path), as: UTF8.self)
            var entries = text.components(separatedBy: "\nFrom ")
            entries = [entries[0], "From " + entries[2]]
            let rewritten = entries.map { $0.replacingOccurrences(of: "Message-ID:", with: "Status: RO\nMessage-ID:") }
                .joined(separator: "\n")
            write(bytes(rewritten), to: box.path)
            #expect(try readAll(before, before.messages[2]).starts(with: bytes("Subject: message 3\r\nStatus: RO\r\n")))
            let after = try snapshot(box)
            #expect(after.messages.map(\.uidl) == [before.messages[0].uidl, before.messages[2].uidl])
            #expect(after.uidValidity == before.uidValidity)
            #expect(throws: MailStoreError.self) { try readAll(before, before.messages[1]) }
        }
    }

    @Test("mbox: identical messages are told apart by their order")
    func mboxDuplicates() async throws {
        try await withTemporaryDirectory { directory in
            let box = box(.mbox, in: directory)
            let entry = "From a@example.test Thu Nov 26 00:30:00 2026\nSubject: same\n\nsame\n\n"
            write(bytes(entry + entry + entry), to: box.path)
            let first = try snapshot(box)
            #expect(first.messages.map(\.uid) == [1, 2, 3])
            #expect(Set(first.messages.map(\.key)).count == 3)
            try first.expunge([first.messages[0]])
            let second = try snapshot(box)
            #expect(second.messages.map(\.uid) == [2, 3])
        }
    }

    @Test("a lost index is rebuilt from the messages; a corrupt one too", arguments: formats)
    func rebuildsIndex(format: MailLocation.Format) async throws {
        try await withTemporaryDirectory { directory in
            let box = box(format, in: directory)
            for number in 1...2 { try deliver(message(number), to: box) }
            let first = try snapshot(box)
            let index = MailboxIndex(for: box)
            #expect(unlink(index.path) == 0)
            let rebuilt = try snapshot(box)
            #expect(rebuilt.messages.map(\.uid) == [1, 2])
            #expect(rebuilt.messages.map(\.key) == first.messages.map(\.key))
            write(bytes("garbage\n"), to: index.path)
            #expect(try snapshot(box).messages.map(\.uid) == [1, 2])
            #expect(index.load() != nil)
        }
    }
}
