import MailCore
import Foundation
import Glibc
import MailroomConfig
import Testing
@testable import MailStore

@Suite("folder files: listing, identities, sizes and reading (RFC 1939 §5, RFC 9051 §7.5.2)")
struct FolderFilesTests {
    static let formats: [MailLocation.Format] = [.maildir, .mbox]

    func box(_ format: MailLocation.Format, in directory: String) -> MailboxLocation {
        MailboxLocation(format: format, path: format == .maildir ? "\(directory)/Maildir" : "\(directory)/inbox")
    }

    @Test("a mailbox that does not exist is empty", arguments: formats)
    func missingMailbox(format: MailLocation.Format) async throws {
        try await withTemporaryDirectory { directory in
            let entries = try listing(box(format, in: directory))
            #expect(entries.isEmpty)
        }
    }

    @Test("messages are listed in arrival order, each key its own and the same in a later listing", arguments: formats)
    func arrivalOrder(format: MailLocation.Format) async throws {
        try await withTemporaryDirectory { directory in
            let box = box(format, in: directory)
            for number in 1...3 { try deliver(message(number), to: box) }
            let first = try listing(box)
            #expect(try first.map { try readAll(box, $0) } == [message(1), message(2), message(3)])
            #expect(Set(first.map(\.key)).count == 3)
            try deliver(message(4), to: box)
            let second = try listing(box)
            #expect(Array(second.prefix(3).map(\.key)) == first.map(\.key))
            #expect(try readAll(box, second[3]) == message(4))
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
            let entries = try listing(box)
            try #require(entries.count == samples.count)
            for (entry, sample) in zip(entries, samples) {
                let read = try readAll(box, entry)
                #expect(Int64(read.count) == entry.size)
                var crlf = sample
                if format == .mbox, crlf.last != UInt8(ascii: "\n") { crlf += bytes("\n") }  // mbox ends every line
                let expected = String(decoding: crlf, as: UTF8.self)
                    .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
                #expect(read == bytes(expected))
            }
        }
    }

    @Test("a Maildir too big to measure on one thread lists every file in order, each measured, known ones not")
    func measuredOnSeveralThreads() async throws {
        try await withTemporaryDirectory { directory in
            let box = box(.maildir, in: directory)
            try FileManager.default.createDirectory(atPath: box.path + "/cur", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: box.path + "/new", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: box.path + "/tmp", withIntermediateDirectories: true)
            let count = 3 * FolderFiles.listingsPerMeasuringThread + 7
            var expected: [(key: String, size: Int64, date: Int64)] = []
            for number in 0..<count {
                let text = bytes("Subject: \(number)\n\n" + String(repeating: "x\n", count: number % 50))
                let crlfSize = Int64(text.count + text.filter { $0 == UInt8(ascii: "\n") }.count)
                let key = "\(1_700_000_000 + number).M\(number)P1.host"
                // Every other file names its size, as mailroom and Dovecot write them; the rest must be read.
                let name = number.isMultiple(of: 2) ? "\(key),S=\(text.count),W=\(crlfSize):2," : "\(key):2,S"
                let path = "\(box.path)/cur/\(name)"
                #expect(FileManager.default.createFile(atPath: path, contents: Data(text)))
                let date = Int64(1_600_000_000 + number)
                var times = [timespec(tv_sec: Int(date), tv_nsec: 0), timespec(tv_sec: Int(date), tv_nsec: 0)]
                #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
                expected.append((key, crlfSize, date))
            }
            let known = Set(expected.indices.filter { $0.isMultiple(of: 5) }.map { expected[$0].key })
            let entries = try folderFiles(box).list { known.contains($0) }
            try #require(entries.count == count)
            for (entry, wanted) in zip(entries, expected) {
                #expect(entry.key == wanted.key)
                if known.contains(wanted.key) {
                    #expect(entry.size == 0 && entry.internalDate == 0)
                } else {
                    #expect(entry.size == wanted.size && entry.internalDate == wanted.date, "\(entry.key)")
                }
            }
        }
    }

    @Test("Read as stored, one after the other through one buffer: Maildir files as they are, mbox entries decoded, a message gone failing alone",
          arguments: formats)
    func readAsStored(format: MailLocation.Format) async throws {
        try await withTemporaryDirectory { directory in
            let box = box(format, in: directory)
            // Small, larger than the buffer's first size, small again: each read gives exactly its own bytes.
            let samples = [bytes("Subject: a\n\nbare LF\n"), bytes("Subject: b\n\n" + String(repeating: "line\n", count: 40_000)),
                           bytes("Subject: c\r\n\r\nCRLF\r\n")]
            for sample in samples { try deliver(sample, to: box) }
            let entries = try listing(box)
            try remove([entries[1]], from: box)
            var read: [Result<[UInt8], MailStoreError>?] = Array(repeating: nil, count: 3)
            try folderFiles(box).readAsStored(entries.map { (key: $0.key, location: $0.location) }) { index, result in
                read[index] = result.map { Array($0) }
            }
            for index in [0, 2] {
                if case .maildirFile(let path) = entries[index].location.storage {
                    #expect(try read[index]?.get() == contents(path))
                } else {
                    #expect(try read[index]?.get() == readAll(box, entries[index]))
                }
            }
            if format == .maildir {
                #expect(try read[0]?.get() == samples[0], "bare LFs left as they are")
            }
            #expect(throws: MailStoreError.self) { try read[1]?.get() }
            #expect(read.allSatisfy { $0 != nil })
        }
    }

    @Test("mbox: reading drops the From_ line and undoes mboxrd >From quoting")
    func mboxUnquotes() async throws {
        try await withTemporaryDirectory { directory in
            let box = box(.mbox, in: directory)
            let original = bytes("Subject: q\r\n\r\nFrom a\r\n>From b\r\n>>From c\r\n>Fro d\r\nFrom\r\n")
            try deliver(original, to: box, chunkSize: 3)
            #expect(String(decoding: contents(box.path), as: UTF8.self).contains("\n>>>From c\n"))
            let entry = try #require(try listing(box).first)
            #expect(try readAll(box, entry) == original)
            #expect(entry.size == Int64(original.count))
        }
    }

    @Test("Maildir: a reader moving the message from new/ to cur/ with flags keeps its key and it still reads")
    func maildirMoveKeepsIdentity() async throws {
        try await withTemporaryDirectory { directory in
            let box = box(.maildir, in: directory)
            try deliver(message(1), to: box)
            try deliver(message(2), to: box)
            let before = try listing(box)
            for name in entries("\(box.path)/new") {
                #expect(rename("\(box.path)/new/\(name)", "\(box.path)/cur/\(name):2,S") == 0)
            }
            // The old location is stale: the message is found again by its key.
            #expect(try readAll(box, before[1]) == message(2))
            #expect(try listing(box).map(\.key) == before.map(\.key))
            // A flag change renames it again.
            let moved = try #require(entries("\(box.path)/cur").first { $0.hasSuffix(":2,S") })
            #expect(rename("\(box.path)/cur/\(moved)", "\(box.path)/cur/\(moved)RT") == 0)
            #expect(try listing(box).map(\.key) == before.map(\.key))
        }
    }

    @Test("Maildir: a message without W= in its name has its size computed")
    func maildirWithoutSizes() async throws {
        try await withTemporaryDirectory { directory in
            let box = box(.maildir, in: directory)
            try deliver(message(1), to: box)
            for directory in ["cur", "tmp"] { mkdir("\(box.path)/\(directory)", 0o700) }
            write(bytes("Subject: hand made\n\nbare LF\n"), to: "\(box.path)/cur/1000.M1P1.host:2,")
            let entries = try listing(box)
            try #require(entries.count == 2)
            #expect(entries[0].key == "1000.M1P1.host")  // it arrived first (its name says so)
            #expect(entries[0].size == 31)
            #expect(try readAll(box, entries[0]) == bytes("Subject: hand made\r\n\r\nbare LF\r\n"))
        }
    }

    @Test("mbox: keys survive an s-nail style rewrite that adds Status: and drops one message")
    func mboxRewriteKeepsIdentity() async throws {
        try await withTemporaryDirectory { directory in
            let box = box(.mbox, in: directory)
            for number in 1...3 { try deliver(message(number), to: box) }
            let before = try listing(box)
            // Like s-nail on quit: the read messages get "Status: RO", message 2 was deleted.
            let text = String(decoding: contents(box.path), as: UTF8.self)
            var entries = text.components(separatedBy: "\nFrom ")
            entries = [entries[0], "From " + entries[2]]
            let rewritten = entries.map { $0.replacingOccurrences(of: "Message-ID:", with: "Status: RO\nMessage-ID:") }
                .joined(separator: "\n")
            write(bytes(rewritten), to: box.path)
            #expect(try readAll(box, before[2]).starts(with: bytes("Subject: message 3\r\nStatus: RO\r\n")))
            #expect(try listing(box).map(\.key) == [before[0].key, before[2].key])
            #expect(throws: MailStoreError.self) { try readAll(box, before[1]) }
        }
    }

    @Test("mbox: identical messages are told apart by their order")
    func mboxDuplicates() async throws {
        try await withTemporaryDirectory { directory in
            let box = box(.mbox, in: directory)
            let entry = "From a@example.test Thu Nov 26 00:30:00 2026\nSubject: same\n\nsame\n\n"
            write(bytes(entry + entry + entry), to: box.path)
            let first = try listing(box)
            #expect(Set(first.map(\.key)).count == 3)
            try remove([first[0]], from: box)
            #expect(try listing(box).count == 2)
        }
    }
}
