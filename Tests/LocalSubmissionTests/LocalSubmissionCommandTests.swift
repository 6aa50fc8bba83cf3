import LocalSubmission
import SMTPProtocol
import Testing

@Suite("LocalSubmissionCommand")
struct LocalSubmissionCommandTests {
    @Test("commands parse and round-trip through their encoding", arguments: [
        ("SENDER <alice+tag@example.test>", LocalSubmissionCommand.sender("alice+tag@example.test")),
        ("SENDER <>", .sender("")),
        ("RECIPIENT <root>", .recipient("root")),
        ("RECIPIENT <josé@exämple.test>", .recipient("josé@exämple.test")),
        ("DATA", .data),
        ("QUIT", .quit),
    ])
    func parses(line: String, command: LocalSubmissionCommand) throws {
        #expect(try LocalSubmissionCommand(parsing: Array(line.utf8)) == command)
        #expect(command.line == line + "\r\n")
    }

    @Test("unknown verbs are 500 5.5.1; SMTP's and lower-case verbs are not commands here", arguments: [
        "MAIL FROM:<a@b>", "EHLO x", "sender <a@b>", "", " DATA", "AUTH PLAIN AGFsaWNlAHNlY3JldA==",
    ])
    func unknownVerb(line: String) {
        let error = #expect(throws: LocalSubmissionCommand.SyntaxError.self) { try LocalSubmissionCommand(parsing: Array(line.utf8)) }
        #expect(error?.reply == SMTPReply(.syntaxError, .invalidCommand, "Command unrecognized"))
    }

    @Test("bad paths are refused: no brackets, spaces, controls, nested brackets, invalid UTF-8, too long", arguments: [
        Array("SENDER a@b".utf8), Array("SENDER <a@b> x".utf8), Array("RECIPIENT <a b>".utf8),
        Array("RECIPIENT <a\u{7}b>".utf8), Array("RECIPIENT <<a>>".utf8), Array("SENDER".utf8), Array("DATA now".utf8),
        Array("RECIPIENT <".utf8) + [0xC3, 0x28] + Array(">".utf8),
        Array("RECIPIENT <\(String(repeating: "a", count: 255))>".utf8),
    ])
    func badPaths(line: [UInt8]) {
        #expect(throws: LocalSubmissionCommand.SyntaxError.self) { try LocalSubmissionCommand(parsing: line) }
    }

    @Test("a path of exactly the limit is accepted")
    func pathAtLimit() throws {
        let address = String(repeating: "a", count: LocalSubmissionLimits.pathLength)
        #expect(try LocalSubmissionCommand(parsing: Array("RECIPIENT <\(address)>".utf8)) == .recipient(address))
    }
}
