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
            let snapshot = try snapshot(box)
            let message = try #require(snapshot.messages.first)
            var position = MessageReadPosition(message)
            var pieces: [[UInt8]] = []
            while !position.isAtEnd {
                var piece: [UInt8] = []
                try snapshot.read(message, continuing: &position, storedBytes: storedBytes) { piece += $0 }
                pieces.append(piece)
            }
            #expect(pieces.joined().elementsEqual(try readAll(snapshot, message)))
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
            let snapshot = try snapshot(box)
            var position = MessageReadPosition(snapshot.messages[0])
            try snapshot.read(snapshot.messages[0], continuing: &position, storedBytes: 1 << 20) { _ in }
            #expect(position.isAtEnd)
            var more = 0
            try snapshot.read(snapshot.messages[0], continuing: &position, storedBytes: 1 << 20) { more += $0.count }
            #expect(more == 0)
        }
    }
}
