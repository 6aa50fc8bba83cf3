import NIOCore
import Testing

@testable import IMAPProtocol

private func login(_ tag: String, _ user: String, _ password: String) -> CommandStreamPart {
    .command(TaggedCommand(tag: tag, command: .login(username: user, password: password)))
}

private let noop = CommandStreamPart.command(TaggedCommand(tag: "N1", command: .noop))

/// Literals and their limits (RFC 9051 §4.3, §7.5; LITERAL+/LITERAL- RFC 7888), resynchronisation after
/// errors, and the IDLE and AUTHENTICATE modes.
@Suite("IMAP command framing")
struct FramingTests {
    @Test("RFC 9051 §4.3: a synchronizing literal waits for a continuation request")
    func synchronizingLiteral() {
        let (whole, bytewise) = ParserDriver.wholeAndByteByByte("A001 LOGIN {11}\r\nFRED FOOBAR {7}\r\nfat man\r\n")
        #expect(whole == [
            .continuationRequest(LiteralAnnouncement(tag: "A001", size: 11, isMessage: false)),
            .continuationRequest(LiteralAnnouncement(tag: "A001", size: 7, isMessage: false)),
            login("A001", "FRED FOOBAR", "fat man"),
        ])
        #expect(bytewise == whole)
    }

    @Test("RFC 7888: a non-synchronizing literal needs no continuation request")
    func nonSynchronizingLiteral() {
        let (whole, bytewise) = ParserDriver.wholeAndByteByByte("A001 LOGIN {11+}\r\nFRED FOOBAR {7+}\r\nfat man\r\n")
        #expect(whole == [login("A001", "FRED FOOBAR", "fat man")])
        #expect(bytewise == whole)
    }

    @Test("A literal's octets are never scanned for line ends or literal announcements")
    func literalContentsAreOpaque() {
        var driver = ParserDriver()
        let rename = IMAPCommand.rename(from: MailboxName("A2 {3+}\r\n"), to: MailboxName("x"))
        #expect(driver.parts("A1 RENAME {9+}\r\nA2 {3+}\r\n x\r\nN1 NOOP\r\n") == [
            .command(TaggedCommand(tag: "A1", command: rename)), noop,
        ])
    }

    @Test("A literal over the limit is refused before any octet is read: {n} gets BAD [TOOBIG], no +")
    func synchronizingLiteralTooBig() throws {
        var driver = ParserDriver(limits: IMAPLimits(literalSize: 100))
        let parts = driver.parts("A1 LOGIN {101}\r\nN1 NOOP\r\n")
        let error = try #require(parts.first?.error)
        #expect(wire(error.responses[0]) == "A1 BAD [TOOBIG] Literal too big\r\n")
        #expect(parts.dropFirst() == [noop])
    }

    @Test("The literal limit counts all the literals of one command")
    func literalLimitIsPerCommand() throws {
        var driver = ParserDriver(limits: IMAPLimits(literalSize: 10))
        let parts = driver.parts("A1 LOGIN {6+}\r\nuser01 {5+}\r\nsecre\r\nN1 NOOP\r\n")
        #expect(try #require(parts.first?.error).code == .literalTooBig)
        #expect(parts.dropFirst() == [noop])
    }

    @Test("RFC 7888: a refused {n+} is read and discarded, so its octets are not taken for commands")
    func nonSynchronizingLiteralDiscarded() throws {
        let input = "A1 LOGIN {30+}\r\nA2 DELETE INBOX\r\nA3 DELETE x\r\n {2+}\r\nab\r\nN1 NOOP\r\n"
        let (whole, bytewise) = ParserDriver.wholeAndByteByByte(input, limits: IMAPLimits(literalSize: 20))
        #expect(try #require(whole.first?.error).code == .literalTooBig)
        #expect(whole.dropFirst() == [noop])
        #expect(bytewise == whole)
    }

    @Test("A {n+} too big to discard closes the connection with BAD [TOOBIG] and BYE")
    func nonSynchronizingLiteralTooBigToDiscard() throws {
        var driver = ParserDriver(limits: IMAPLimits(literalSize: 10, discardableLiteralSize: 1000))
        let parts = driver.parts("A1 LOGIN {1001+}\r\nN1 NOOP\r\n")
        let error = try #require(parts.first?.error)
        #expect(parts.count == 1 && error.closesConnection && driver.parser.isClosed)
        #expect(error.responses.map { wire($0) } == ["A1 BAD [TOOBIG] Literal too big\r\n",
                                                      "* BYE [TOOBIG] Literal too big to skip; closing\r\n"])
    }

    @Test("LITERAL- (RFC 7888, LITERAL-): {n+} over 4096 is BAD [TOOBIG] and discarded; {n} of that size is fine")
    func literalMinus() throws {
        let limits = IMAPLimits(nonSynchronizingLiteralSize: IMAPLimits.literalMinusSize)
        let big = String(repeating: "x", count: 4097)
        var driver = ParserDriver(limits: limits)
        let parts = driver.parts("A1 LOGIN {4097+}\r\n\(big) pw\r\nN1 NOOP\r\nA2 LOGIN {4097}\r\n\(big) pw\r\n")
        #expect(try #require(parts.first?.error).code == .nonSynchronizingLiteralTooBig)
        #expect(Array(parts.dropFirst()) == [
            noop, .continuationRequest(LiteralAnnouncement(tag: "A2", size: 4097, isMessage: false)), login("A2", big, "pw"),
        ])
    }

    @Test("A continuation request the session refuses drops the command; the client's next line is new")
    func refusedContinuation() {
        var driver = ParserDriver()
        driver.refuse = { $0.tag == "A1" }
        #expect(driver.parts("A1 LOGIN {5}\r\nN1 NOOP\r\n") == [
            .continuationRequest(LiteralAnnouncement(tag: "A1", size: 5, isMessage: false)), noop,
        ])
    }

    @Test("A literal in a tag or before the verb is refused without a continuation request", arguments: [
        "{5}\r\n", "A1 {5}\r\n", "A1 FROB {5}\r\n",
    ])
    func literalOutOfPlace(line: String) throws {
        var driver = ParserDriver()
        let parts = driver.parts(line + "N1 NOOP\r\n")
        #expect(try #require(parts.first?.error).status == .bad)
        #expect(parts.dropFirst() == [noop])
    }

    @Test("A non-synchronizing literal in a tag is skipped whole")
    func nonSynchronizingLiteralInTag() throws {
        var driver = ParserDriver()
        let parts = driver.parts("{9+}\r\nA2 LOGOUT\r\nN1 NOOP\r\n")
        #expect(try #require(parts.first?.error).tag == nil)
        #expect(parts.dropFirst() == [noop])
    }

    @Test("A literal8 outside APPEND is BAD (RFC 3516 §4.4)")
    func literal8OutsideAppend() throws {
        var driver = ParserDriver()
        let parts = driver.parts("A1 LOGIN ~{3+}\r\nabc x\r\nN1 NOOP\r\n")
        #expect(try #require(parts.first?.error).tag == "A1")
        #expect(parts.dropFirst() == [noop])
    }

    @Test("RFC 2177 §3: IDLE takes only DONE, in any case; anything else is BAD and ends IDLE")
    func idle() throws {
        var driver = ParserDriver()
        let idle = CommandStreamPart.command(TaggedCommand(tag: "A2", command: .idle))
        #expect(driver.parts("A2 IDLE\r\ndone\r\n") == [idle, .idleDone])
        let parts = driver.parts("A2 IDLE\r\nN1 NOOP\r\nN1 NOOP\r\n")
        #expect(parts.count == 3 && parts[0] == idle && parts[2] == noop)
        #expect(try #require(parts[1].error).code == .expectedDone)
    }

    @Test("RFC 9051 §6.2.2: AUTHENTICATE lines are base64, empty, or * to cancel")
    func authenticate() throws {
        var driver = ParserDriver()
        #expect(driver.parts("A1 AUTHENTICATE PLAIN\r\ndGVzdAB0ZXN0AHRlc3Q=\r\n") == [
            .command(TaggedCommand(tag: "A1", command: .authenticate(mechanism: "PLAIN", initialResponse: nil))),
            .authenticationResponse(.response("dGVzdAB0ZXN0AHRlc3Q=")),
        ])
        #expect(driver.parts("A2 AUTHENTICATE LOGIN\r\n*\r\n").last == .authenticationResponse(.cancel))
        #expect(driver.parts("A3 AUTHENTICATE LOGIN\r\n\r\n").last == .authenticationResponse(.response("")))
        let parts = driver.parts("A4 AUTHENTICATE LOGIN\r\nnot base64!\r\nN1 NOOP\r\n")
        #expect(try #require(parts[1].error).code == .invalidAuthenticationResponse)
        #expect(parts[2] == noop)
    }

    @Test("STARTTLS: pipelined plaintext is dropped, not read as if it came over TLS")
    func startTLSDropsBufferedInput() {
        var parser = IMAPCommandParser()
        parser.append(ByteBuffer(string: "A1 STARTTLS\r\nA2 LOGIN evil pw\r\n"))
        #expect(parser.next() == .part(.command(TaggedCommand(tag: "A1", command: .startTLS))))
        #expect(parser.discardBufferedInput() == 18)
        #expect(parser.next() == .needMoreBytes)
    }

    @Test("Need more bytes until the command's last line end arrives")
    func needMoreBytes() {
        var parser = IMAPCommandParser()
        for piece in ["A1 LOG", "IN {3+}\r", "\nabc", " pw", "\r"] {
            parser.append(ByteBuffer(string: piece))
            #expect(parser.next() == .needMoreBytes)
        }
        parser.append(ByteBuffer(string: "\n"))
        #expect(parser.next() == .part(login("A1", "abc", "pw")))
    }
}
