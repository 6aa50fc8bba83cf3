import NIOCore
import Testing

@testable import IMAPProtocol

/// APPEND streaming (RFC 9051 §6.3.12), MULTIAPPEND (RFC 3502), literal8 (RFC 3516 §4.4), TOOBIG
/// (RFC 7889).
@Suite("IMAP APPEND streaming")
struct AppendTests {
    /// RFC 9051 §6.3.12's message, CRLF line ends.
    static let message = [
        "Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)", "From: Fred Foobar <foobar@Blurdybloop.example>",
        "Subject: afternoon meeting", "To: mooch@owatagu.siam.edu.example",
        "Message-Id: <B27397-0100000@Blurdybloop.example>", "MIME-Version: 1.0",
        "Content-Type: TEXT/PLAIN; CHARSET=US-ASCII", "", "Hello Joe, do you think we can meet at 3:30 tomorrow?", "",
    ].joined(separator: "\r\n")

    static func bytes(_ text: String) -> CommandStreamPart { .append(.messageBytes(ByteBuffer(string: text))) }

    @Test("RFC 9051 §6.3.12 example: start, message, continuation request, octets, end, finish")
    func rfcExample() {
        let size = Self.message.utf8.count
        let input = "A003 APPEND saved-messages (\\Seen) {\(size)}\r\n\(Self.message)\r\n"
        let (whole, bytewise) = ParserDriver.wholeAndByteByByte(input)
        #expect(whole == [
            .append(.start(tag: "A003", mailbox: MailboxName("saved-messages"))),
            .append(.beginMessage(AppendMessage(flags: [.seen], size: size))),
            .continuationRequest(LiteralAnnouncement(tag: "A003", size: size, isMessage: true)),
            Self.bytes(Self.message), .append(.endMessage), .append(.finish),
        ])
        #expect(bytewise == whole)
    }

    @Test("Message octets are handed out as they arrive, never buffered whole")
    func streamsInPieces() {
        var parser = IMAPCommandParser()
        parser.append(ByteBuffer(string: "A1 APPEND INBOX {10+}\r\n0123"))
        #expect(parser.next() == .part(.append(.start(tag: "A1", mailbox: .inbox))))
        #expect(parser.next() == .part(.append(.beginMessage(AppendMessage(size: 10)))))
        #expect(parser.next() == .part(Self.bytes("0123")))
        #expect(parser.next() == .needMoreBytes)
        parser.append(ByteBuffer(string: "456789\r\nN1 NOOP\r\n"))
        #expect(parser.next() == .part(Self.bytes("456789")))
        #expect(parser.next() == .part(.append(.endMessage)))
        #expect(parser.next() == .part(.append(.finish)))
        #expect(parser.next() == .part(.command(TaggedCommand(tag: "N1", command: .noop))))
    }

    @Test("RFC 3502 §6 MULTIAPPEND with dates, a literal mailbox name and a binary literal (RFC 3516 §4.4)")
    func multiappend() throws {
        let day = try #require(IMAPDate(year: 2002, month: 7, day: 1))
        let date = try #require(IMAPDateTime(date: day, hour: 22, minute: 0, second: 0, zoneMinutes: -420))
        let input = "A003 APPEND {5}\r\nSaved (\\Seen $Forwarded) \" 1-Jul-2002 22:00:00 -0700\" {3}\r\nabc"
            + " \" 1-Jul-2002 22:00:00 -0700\" ~{4+}\r\na\u{0}b\n (\\Draft) {0}\r\n\r\n"
        let (whole, bytewise) = ParserDriver.wholeAndByteByByte(input)
        #expect(whole == [
            .continuationRequest(LiteralAnnouncement(tag: "A003", size: 5, isMessage: false)),
            .append(.start(tag: "A003", mailbox: MailboxName("Saved"))),
            .append(.beginMessage(AppendMessage(flags: [.seen, .keyword("$Forwarded")], internalDate: date, size: 3))),
            .continuationRequest(LiteralAnnouncement(tag: "A003", size: 3, isMessage: true)),
            Self.bytes("abc"), .append(.endMessage),
            .append(.beginMessage(AppendMessage(internalDate: date, size: 4, isBinary: true))),
            Self.bytes("a\u{0}b\n"), .append(.endMessage),
            .append(.beginMessage(AppendMessage(flags: [.draft], size: 0))),
            .continuationRequest(LiteralAnnouncement(tag: "A003", size: 0, isMessage: true)),
            .append(.endMessage), .append(.finish),
        ])
        #expect(bytewise == whole)
    }

    @Test("RFC 7889: a message over APPENDLIMIT gets NO [TOOBIG] before any octet; {n} sends no +")
    func tooBig() throws {
        var driver = ParserDriver(limits: IMAPLimits(messageSize: 100))
        let parts = driver.parts("A1 APPEND INBOX {101}\r\nN1 NOOP\r\n")
        let error = try #require(parts.first?.error)
        #expect(wire(error.responses[0]) == "A1 NO [TOOBIG] Message too big\r\n")
        #expect(parts.dropFirst() == [.command(TaggedCommand(tag: "N1", command: .noop))])
    }

    @Test("A {n+} message over the limit is discarded, then the session goes on")
    func tooBigNonSynchronizing() throws {
        let body = String(repeating: "m", count: 150)
        var driver = ParserDriver(limits: IMAPLimits(messageSize: 100))
        let parts = driver.parts("A1 APPEND INBOX {150+}\r\n\(body)\r\nN1 NOOP\r\n")
        #expect(try #require(parts.first?.error).code == .messageTooBig)
        #expect(parts.dropFirst() == [.command(TaggedCommand(tag: "N1", command: .noop))])
    }

    @Test("A second message over the limit voids the APPEND with the same tag (RFC 3502: all or nothing)")
    func multiappendSecondTooBig() throws {
        var driver = ParserDriver(limits: IMAPLimits(messageSize: 5))
        let parts = driver.parts("A1 APPEND INBOX {1+}\r\nx {6+}\r\nabcdef\r\nN1 NOOP\r\n")
        #expect(parts.count == 6)
        #expect(parts[3] == .append(.endMessage))
        #expect(try #require(parts[4].error).tag == "A1")
        #expect(parts[5] == .command(TaggedCommand(tag: "N1", command: .noop)))
    }

    @Test("The session may refuse the message before its octets (a missing mailbox: NO [TRYCREATE])")
    func refusedBeforeOctets() {
        var driver = ParserDriver()
        driver.refuse = { $0.isMessage }
        #expect(driver.parts("A1 APPEND nosuch {3}\r\nN1 NOOP\r\n") == [
            .append(.start(tag: "A1", mailbox: MailboxName("nosuch"))),
            .append(.beginMessage(AppendMessage(size: 3))),
            .continuationRequest(LiteralAnnouncement(tag: "A1", size: 3, isMessage: true)),
            .command(TaggedCommand(tag: "N1", command: .noop)),
        ])
    }

    @Test("Malformed APPENDs are BAD with the tag", arguments: [
        "A1 APPEND INBOX (\\Seen {3}\r\n", "A1 APPEND INBOX \"bad date\" {3}\r\n", "A1 APPEND INBOX (\\Seen){3}\r\n",
        "A1 APPEND INBOX\r\n", "A1 APPEND INBOX \"1-Jul-2002 25:00:00 -0700\" {3}\r\n",
    ])
    func malformed(input: String) throws {
        var driver = ParserDriver()
        let parts = driver.parts(input + "N1 NOOP\r\n")
        #expect(try #require(parts.first?.error).tag == "A1")
        #expect(parts.dropFirst() == [.command(TaggedCommand(tag: "N1", command: .noop))])
    }

    @Test("Text after a message that is not another message voids the APPEND")
    func garbageAfterMessage() throws {
        var driver = ParserDriver()
        let parts = driver.parts("A1 APPEND INBOX {1+}\r\nx junk\r\nN1 NOOP\r\n")
        #expect(try #require(parts[4].error).tag == "A1")
        #expect(parts[5] == .command(TaggedCommand(tag: "N1", command: .noop)))
    }
}
