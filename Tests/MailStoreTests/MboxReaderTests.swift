import Glibc
import Testing
@testable import MailStore

@Suite("MboxReader over bytes in memory, as MboxReaderFuzzer runs it")
struct MboxReaderTests {
    static let mailbox = bytes(
        "preamble\n\nFrom a@x.test Thu Nov 26 00:30:00 2026\nSubject: one\nStatus: RO\n\n>From quoted\n\n"
            + "From b@x.test Thu Nov 26 00:31:00 2026\nSubject: two\n\nbody\n\n")

    @Test("an array of bytes scans to the entries the open file scans to")
    func bytesScanLikeTheFile() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/mbox"
            write(Self.mailbox, to: path)
            let file = SystemFile(descriptor: open(path, O_RDONLY | O_CLOEXEC), path: path)
            defer { file.closeQuietly() }
            let fromFile = try MboxReader.scan(file)
            let fromBytes = try MboxReader.scan(Self.mailbox)
            #expect(fromBytes.entries == fromFile.entries)
            #expect(fromBytes.size == fromFile.size)
            #expect(fromBytes.entries.map(\.fromLine) == [10, 88])
        }
    }

    @Test("reads past the end of the bytes are short, as pread's are")
    func shortReads() {
        #expect(Self.mailbox.read(count: 4, at: Int64(Self.mailbox.count - 2)).count == 2)
        #expect(Self.mailbox.read(count: 4, at: Int64(Self.mailbox.count + 5)).isEmpty)
    }
}
