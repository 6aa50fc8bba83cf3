import MailCore
import MailroomConfig
import Testing
@testable import MailStore

/// A message streamed a piece at a time (what POP3 does with a large RETR): the pieces add up to the
/// whole message, and no piece holds more than its share, whatever the message's size.
@Suite("reading a message in pieces")
struct MessagePieceTests {
    /// LF line ends (each becomes CRLF, so a piece may double), lines of every length, a CR split from
    /// its LF by a cut, and mboxrd-quoted lines (for mbox) cut anywhere.
    static let original: [UInt8] = {
        var text = "Subject: large\n\n"
        for number in 0..<1500 {
            text += String(repeating: number % 7 == 0 ? "\n" : "x", count: number % 97) + "\r\n"
            if number % 50 == 0 { text += "From here\n>From there\n" }
        }
        return bytes(text)
    }()

    @Test("the pieces add up to the whole message; each stays within twice its stored bytes",
          arguments: [MailLocation.Format.maildir, .mbox], [101, 4096, 1 << 20])
    func piecesAddUp(format: MailLocation.Format, storedBytes: Int) async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: format, path: format == .maildir ? "\(directory)/Maildir" : "\(directory)/inbox")
            _ = try deliver(Self.original, to: box, chunkSize: 4096)
            let files = folderFiles(box)
            let message = try #require(try listing(box).first)
            var position = MessageReadPosition(format: format)
            var pieces: [[UInt8]] = []
            while !position.isAtEnd {
                pieces.append(try files.read(message.key, at: message.location, continuing: &position, storedBytes: storedBytes))
            }
            #expect(pieces.joined().elementsEqual(try readAll(box, message)))
            #expect(Int64(pieces.joined().count) == message.size)
            // LF to CRLF at most doubles a piece; the few held bytes of a split `>From ` come out later.
            #expect(pieces.allSatisfy { $0.count <= 2 * storedBytes + 8 })
            #expect(pieces.count > Int(message.size) / (2 * storedBytes + 8))
        }
    }

    @Test("reading past the end hands out nothing")
    func pastTheEnd() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .maildir, path: "\(directory)/Maildir")
            _ = try deliver(bytes("Subject: small\r\n\r\nbody\r\n"), to: box)
            let message = try #require(try listing(box).first)
            var position = MessageReadPosition(format: .maildir)
            _ = try folderFiles(box).read(message.key, at: message.location, continuing: &position, storedBytes: 1 << 20)
            #expect(position.isAtEnd)
            #expect(try folderFiles(box).read(message.key, at: message.location, continuing: &position, storedBytes: 1 << 20).isEmpty)
        }
    }
}
