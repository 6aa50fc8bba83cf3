import NIOCore
import Testing

@testable import POP3Protocol

@Suite("POP3Command grammar")
struct CommandParsingTests {
    @Test("RFC 1939 commands parse, keywords case-insensitive, extra spaces forgiven", arguments: [
        ("USER mrose", POP3Command.user("mrose")),
        ("user  mrose  ", .user("mrose")),
        ("PASS tanstaaf", .pass("tanstaaf")),
        ("PASS  two words ", .pass(" two words ")),
        ("STAT", .stat),
        ("stat ", .stat),
        ("LIST", .list(nil)),
        ("LIST 2", .list(2)),
        ("list   2 ", .list(2)),
        ("RETR 1", .retrieve(1)),
        ("DELE 3", .delete(3)),
        ("NOOP", .noop),
        ("RSET", .reset),
        ("QUIT", .quit),
        ("TOP 1 0", .top(1, lines: 0)),
        ("top 2  10", .top(2, lines: 10)),
        ("TOP 1 99999999999999999999999", .top(1, lines: Int.max)),
        ("UIDL", .uniqueIDList(nil)),
        ("UIDL 7", .uniqueIDList(7)),
        ("CAPA", .capabilities),
        ("STLS", .startTLS),
        ("AUTH", .auth(mechanism: nil, initialResponse: nil)),
        ("AUTH plain", .auth(mechanism: "PLAIN", initialResponse: nil)),
        ("AUTH PLAIN AGZvbwBiYXI=", .auth(mechanism: "PLAIN", initialResponse: "AGZvbwBiYXI=")),
        ("AUTH PLAIN =", .auth(mechanism: "PLAIN", initialResponse: "=")),
    ])
    func parses(line: String, command: POP3Command) throws {
        #expect(try POP3Command(parsing: line) == command)
        #expect(try POP3Command(parsing: ByteBuffer(string: line)) == command)
    }

    @Test("Unknown keywords and APOP are unknown commands", arguments: [
        "", "XY", "FOOBAR", "APOP mrose c4c9334bac560ecc979e58001b3e22fb", "HELO x", "LISTX", " STAT",
    ])
    func unknown(line: String) {
        #expect(throws: POP3Command.unknown) { try POP3Command(parsing: line) }
    }

    @Test("Bad arguments are syntax errors with a reason", arguments: [
        "USER", "USER a b", "PASS", "STAT 1", "LIST a", "LIST 1 2", "RETR", "RETR -1", "RETR 1x", "DELE",
        "TOP 1", "TOP 1 -1", "TOP x 1", "TOP 1 2 3", "UIDL 1234567890", "QUIT now", "AUTH PLAIN a b",
        "AUTH PL@IN", "AUTH PLAIN not*base64", "USER a\u{1}b", "PASS x\u{0}y",
    ])
    func invalid(line: String) {
        do {
            _ = try POP3Command(parsing: line)
            Issue.record("\(line) parsed")
        } catch {
            #expect(error.kind == .invalidArguments)
            #expect(error.response.isError && !error.response.text.isEmpty)
        }
    }

    @Test("Invalid UTF-8 in PASS is refused, not mangled")
    func invalidUTF8() {
        #expect(throws: POP3SyntaxError.self) { try POP3Command(parsing: ByteBuffer(bytes: Array("PASS ".utf8) + [0xFF])) }
    }
}
