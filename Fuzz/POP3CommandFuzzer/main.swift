import FuzzSupport
import NIOCore
import POP3Protocol

/// libFuzzer entry point for the POP3 command grammar (RFC 1939 §3-7, CAPA RFC 2449 §5, STLS RFC 2595
/// §4, AUTH RFC 5034 §4).
///
/// The input is one command line, CRLF removed. Any line must parse or throw, never trap, and pass
/// `checkCommandLine`: a refusal is one `-ERR` line; the keyword's case does not matter; a parsed
/// command, written back in its canonical form (`TOP 1 10`), parses to the same command. A USER name
/// or PASS password never holds a control character.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPOP3Command(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    checkCommandLine(fuzzInput(data, size), parse: parse, refusal: \.response.wireFormat, refusalPrefix: "-ERR ",
                     render: render, accepted: checkCredentials)
    return 0
}

/// USER and PASS arguments reach the user databases, where a NUL or CR would cut them short.
private func checkCredentials(_ command: POP3Command) {
    switch command {
    case .user(let text), .pass(let text):
        fuzzCheck(!text.utf8.contains { $0 < 0x20 || $0 == 0x7F }, "control character in \(command)")
    default: break
    }
}

private func parse(_ line: [UInt8]) -> Result<POP3Command, POP3SyntaxError> {
    Result { () throws(POP3SyntaxError) in try POP3Command(parsing: ByteBuffer(bytes: line)) }
}

/// The command as a client would send it, CRLF removed.
private func render(_ command: POP3Command) -> String {
    switch command {
    case .user(let name): "USER \(name)"
    case .pass(let password): "PASS \(password)"
    case .auth(let mechanism, let response): (["AUTH"] + [mechanism, response].compactMap { $0 }).joined(separator: " ")
    case .startTLS: "STLS"
    case .capabilities: "CAPA"
    case .stat: "STAT"
    case .list(let number): "LIST" + (number.map { " \($0)" } ?? "")
    case .retrieve(let number): "RETR \(number)"
    case .delete(let number): "DELE \(number)"
    case .noop: "NOOP"
    case .reset: "RSET"
    case .quit: "QUIT"
    case .top(let number, let lines): "TOP \(number) \(lines)"
    case .uniqueIDList(let number): "UIDL" + (number.map { " \($0)" } ?? "")
    }
}

runLibFuzzer(fuzzPOP3Command)
