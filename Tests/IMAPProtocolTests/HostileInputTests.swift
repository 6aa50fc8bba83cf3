import NIOCore
import Testing

@testable import IMAPProtocol

private let noop = CommandStreamPart.command(TaggedCommand(tag: "N1", command: .noop))

/// Input meant to break the parser: each gets BAD (or a close, where RFC 7888 allows it) and the
/// session goes on at the next command; nothing traps, recurses without bound, or buffers without limit.
@Suite("IMAP hostile input")
struct HostileInputTests {
    @Test("Unbalanced parentheses are BAD", arguments: [
        "A1 SEARCH ((SEEN)", "A1 SEARCH (SEEN))", "A1 FETCH 1 (FLAGS (UID)", "A1 STORE 1 FLAGS (\\Seen",
        "A1 LIST ((SUBSCRIBED) \"\" *", "A1 ID ((\"a\" \"b\")", "A1 SELECT INBOX (CONDSTORE",
    ])
    func unbalanced(line: String) throws {
        var driver = ParserDriver()
        let parts = driver.parts(line + "\r\nN1 NOOP\r\n")
        #expect(try #require(parts.first?.error).tag == "A1")
        #expect(parts.dropFirst() == [noop])
    }

    @Test("10,000-deep NOT, OR and parenthesis nesting is BAD, without deep recursion", arguments: [
        String(repeating: "NOT ", count: 10_000) + "SEEN",
        String(repeating: "OR SEEN ", count: 10_000) + "SEEN",
        String(repeating: "(", count: 10_000) + "SEEN" + String(repeating: ")", count: 10_000),
        String(repeating: "OR ", count: 10_000) + String(repeating: "SEEN ", count: 10_000) + "SEEN",
    ])
    func deepNesting(keys: String) throws {
        var driver = ParserDriver(limits: IMAPLimits(commandLength: 200_000))
        let parts = driver.parts("A1 SEARCH \(keys)\r\nN1 NOOP\r\n")
        let error = try #require(parts.first?.error)
        #expect(error.code == .tooDeep)
        #expect(wire(error.responses[0]) == "A1 BAD [LIMIT] Search keys nested too deeply\r\n")
        #expect(parts.dropFirst() == [noop])
    }

    @Test("Nesting up to the limit is accepted")
    func nestingAtLimit() {
        let keys = String(repeating: "NOT ", count: 255) + "SEEN"
        var expected = SearchKey.seen
        for _ in 0..<255 { expected = .not(expected) }
        #expect(parseOne("A1 SEARCH \(keys)") == .command(TaggedCommand(
            tag: "A1", command: .search(SearchCommand(criteria: [expected]), byUID: false))))
    }

    @Test("Huge literal announcements are refused before reading; {n+} of them closes", arguments: [
        ("A1 LOGIN {99999999999999999999}\r\n", false), ("A1 APPEND INBOX {99999999999999999999}\r\n", false),
        ("A1 LOGIN {99999999999999999999+}\r\n", true), ("A1 APPEND INBOX ~{18446744073709551616+}\r\n", true),
        ("A1 LOGIN {4294967296}\r\n", false),
    ])
    func hugeLiterals(line: String, closes: Bool) throws {
        var driver = ParserDriver()
        let parts = driver.parts(line + "N1 NOOP\r\n")
        let error = try #require(parts.first?.error)
        #expect(error.tag == "A1" && error.responseCode == .tooBig)
        #expect(error.closesConnection == closes && driver.parser.isClosed == closes)
        #expect(Array(parts.dropFirst()) == (closes ? [] : [noop]))
    }

    @Test("NUL bytes are refused in command text, quoted strings and literals")
    func nulBytes() throws {
        for line in ["A1 NOOP\u{0}", "A1 LOGIN \"a\u{0}b\" c", "A1 LOGIN {3+}\r\na\u{0}b c", "A1 SELECT a\u{0}b"] {
            var driver = ParserDriver()
            let parts = driver.parts(line + "\r\nN1 NOOP\r\n")
            #expect(try #require(parts.first?.error).tag == "A1", "\(line.debugDescription)")
            #expect(parts.dropFirst() == [noop])
        }
    }

    @Test("8-bit octets in atoms and tags are refused; in quoted strings only as UTF-8")
    func eightBit() throws {
        for line: [UInt8] in [Array("A1 SELECT caf".utf8) + [0xE9], Array("A1 SELECT \"caf".utf8) + [0xE9, 0x22],
                              [0xC3, 0xA9] + Array(" NOOP".utf8), Array("A1 FETCH 1 FL".utf8) + [0xC3, 0x80] + Array("GS".utf8)] {
            var driver = ParserDriver()
            let parts = driver.parts(line + Array("\r\nN1 NOOP\r\n".utf8))
            #expect(try #require(parts.first?.error).status == .bad)
            #expect(parts.dropFirst() == [noop])
        }
        #expect(parseOne("A1 SELECT \"café\"") == .command(TaggedCommand(tag: "A1", command: .select(MailboxName("café"), parameters: []))))
    }

    @Test("A line over the limit is BAD [LIMIT] as soon as it passes the limit, and is skipped to its end")
    func lineTooLong() throws {
        let limits = IMAPLimits(commandLength: 1000)
        let long = "A1 LOGIN " + String(repeating: "u", count: 2000) + " pw\r\n"
        let (whole, bytewise) = ParserDriver.wholeAndByteByByte(long + "N1 NOOP\r\n", limits: limits)
        let error = try #require(whole.first?.error)
        #expect(wire(error.responses[0]) == "A1 BAD [LIMIT] Command line too long\r\n")
        #expect(whole.dropFirst() == [noop])
        #expect(bytewise == whole)
    }

    @Test("A skipped line ending in {n+} has its literal skipped too, even past the tail kept")
    func longLineWithLiteral() throws {
        let limits = IMAPLimits(commandLength: 100)
        let input = "A1 LOGIN " + String(repeating: "u", count: 200) + " {12+}\r\nA2 LOGOUT\r\n\r\nN1 NOOP\r\n"
        let (whole, bytewise) = ParserDriver.wholeAndByteByByte(input, limits: limits)
        #expect(try #require(whole.first?.error).code == .commandTooLong)
        #expect(whole.dropFirst() == [noop])
        #expect(bytewise == whole)
        var driver = ParserDriver(limits: limits)
        let digits = String(repeating: "9", count: 40)
        let parts = driver.parts("A1 LOGIN " + String(repeating: "u", count: 200) + " {\(digits)+}\r\nA2 LOGOUT\r\n")
        #expect(parts.last?.error?.closesConnection == true && driver.parser.isClosed)
    }

    @Test("A command whose literals keep it going is still bounded: its text by commandLength")
    func manyLiterals() throws {
        var driver = ParserDriver(limits: IMAPLimits(commandLength: 200))
        let input = "A1 SEARCH" + String(repeating: " TEXT {1+}\r\nx", count: 100) + "\r\nN1 NOOP\r\n"
        let parts = driver.parts(input)
        #expect(try #require(parts.first?.error).code == .commandTooLong)
        #expect(parts.dropFirst() == [noop])
    }
}
