import MailCore
import Foundation
import Glibc
import MailroomConfig
import Testing
@testable import MailStore

@Suite("mbox delivery (mboxrd, as Postfix local(8) writes /var/mail)")
struct MboxDeliveryTests {
    static var fromLine: Regex<(Substring, Substring, Substring, Substring)> {
        #/From (\S+) (Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d:\d\d \d{4}/#
    }

    func lines(_ data: [UInt8]) -> [String] {
        String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
    }

    @Test("From_ line, CRLF to LF, From quoting, blank separator line")
    func format() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .mbox, path: "\(directory)/var/mail/alice")
            let message = bytes("Subject: hi\r\n\r\nFrom the start\r\n>From quoted\r\n>>From twice\r\nFrom\r\nend")
            let receipt = try deliver(message, to: box, sender: "bob@example.test")
            let data = contents(box.path)
            let text = lines(data)
            let match = try #require(text[0].wholeMatch(of: Self.fromLine))
            #expect(match.1 == "bob@example.test")
            #expect(Array(text.dropFirst()) == [
                "Subject: hi", "", ">From the start", ">>From quoted", ">>>From twice", "From", "end", "", "",
            ])
            #expect(!data.contains(UInt8(ascii: "\r")))
            #expect(receipt == DeliveryReceipt(path: box.path, offset: 0, size: Int64(data.count)))
            #expect(fileMode(box.path) == 0o600)
            #expect(!FileManager.default.fileExists(atPath: box.path + ".lock"))
        }
    }

    @Test("a second delivery is appended after the first; the null sender is MAILER-DAEMON")
    func appends() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .mbox, path: "\(directory)/inbox")
            try deliver(bytes("Subject: one\n\nfirst\n"), to: box)
            let first = contents(box.path)
            let receipt = try deliver(bytes("Subject: two\r\n\r\nsecond\r\n"), to: box, sender: "")
            let data = contents(box.path)
            #expect(Array(data.prefix(first.count)) == first)
            #expect(receipt.offset == Int64(first.count))
            let second = lines(Array(data.dropFirst(first.count)))
            let match = try #require(second[0].wholeMatch(of: Self.fromLine))
            #expect(match.1 == "MAILER-DAEMON")
            #expect(Array(second.dropFirst()) == ["Subject: two", "", "second", "", ""])
        }
    }

    @Test("an existing file that does not end in a blank line gets one before the From_ line")
    func separatorAfterForeignContent() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .mbox, path: "\(directory)/inbox")
            write(bytes("From a@b Thu Nov 26 00:30:00 2026\nSubject: x\n\nno blank"), to: box.path)
            let receipt = try deliver(bytes("Subject: y\n\nbody\n"), to: box)
            let data = String(decoding: contents(box.path), as: UTF8.self)
            #expect(data.contains("no blank\n\nFrom sender@example.test "))
            #expect(receipt.offset == Int64("From a@b Thu Nov 26 00:30:00 2026\nSubject: x\n\nno blank\n\n".utf8.count))
        }
    }

    @Test("a failure midway truncates the file back to its old contents")
    func truncatesOnFailure() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .mbox, path: "\(directory)/inbox")
            try deliver(bytes("Subject: one\n\nfirst\n"), to: box)
            let before = contents(box.path)
            let big = [UInt8](repeating: UInt8(ascii: "x"), count: 300_000)
            #expect(throws: SourceFailed.self) {
                try testAgent().deliver(to: box, envelopeSender: "a@example.test") { writer in
                    try writer.write(bytes("Subject: two\n\n"))
                    try writer.write(big)
                    throw SourceFailed()
                }
            }
            #expect(contents(box.path) == before)
            #expect(!FileManager.default.fileExists(atPath: box.path + ".lock"))
        }
    }

    @Test("a directory where the mbox file belongs fails temporarily and leaves no lock behind")
    func notAFile() async {
        await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .mbox, path: "\(directory)/inbox")
            #expect(mkdir(box.path, 0o700) == 0)
            #expect {
                try deliver(bytes("x\n"), to: box)
            } throws: { error in
                (error as? MailStoreError)?.isTemporary == true
            }
            #expect(!FileManager.default.fileExists(atPath: box.path + ".lock"))
        }
    }

    @Test("a symbolic link as the mbox file is refused")
    func symlinkRefused() async {
        await withTemporaryDirectory { directory in
            write(bytes("precious\n"), to: "\(directory)/target")
            let box = MailboxLocation(format: .mbox, path: "\(directory)/inbox")
            #expect(symlink("\(directory)/target", box.path) == 0)
            #expect(throws: MailStoreError.self) { try deliver(bytes("x\n"), to: box) }
            #expect(contents("\(directory)/target") == bytes("precious\n"))
        }
    }

    @Test("Python's mailbox.mbox splits the file into the two messages with their senders", .enabled(if: python3 != nil))
    func pythonReadsIt() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .mbox, path: "\(directory)/inbox")
            try deliver(bytes("Subject: one\r\n\r\nFrom here\r\n>From there\r\n"), to: box, sender: "a@example.test")
            try deliver(bytes("Subject: two\r\n\r\nbody\r\n"), to: box, sender: "")
            let script = """
                import mailbox, sys
                box = mailbox.mbox(sys.argv[1], create=False)
                for m in box:
                    sys.stdout.write(repr((m.get_from().split()[0], m["Subject"], m.get_payload())) + "\\n")
                """
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try #require(python3))
            process.arguments = ["-c", script, box.path]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(String(decoding: data, as: UTF8.self) == """
                ('a@example.test', 'one', '>From here\\n>>From there\\n')
                ('MAILER-DAEMON', 'two', 'body\\n')

                """)
        }
    }
}
