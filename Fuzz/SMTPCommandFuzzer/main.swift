import FuzzSupport
import NIOCore
import SMTPProtocol

/// libFuzzer entry point for the SMTP command grammar (RFC 5321 §4.1.1, §4.1.2 with the ESMTP
/// parameters of RFC 1870, 3030, 3461, 4954, 6152 and 6531).
///
/// The input is one command line, CRLF removed, as the line framer hands it over. Any line must parse
/// or throw, never trap, and pass `checkCommandLine`: a refusal is one 5yz line; the verb's case does
/// not matter; a parsed command, written back in its canonical form (`MAIL FROM:<a@b> SIZE=1
/// ENVID=xtext`), parses to the same command, so nothing the grammar accepts changes meaning when relayed.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSMTPCommand(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    checkCommandLine(fuzzInput(data, size), parse: parse, refusal: \.reply.wireFormat, refusalPrefix: "5", render: render)
    return 0
}

private func parse(_ line: [UInt8]) -> Result<SMTPCommand, SMTPSyntaxError> {
    Result { () throws(SMTPSyntaxError) in try SMTPCommand(parsing: ByteBuffer(bytes: line)) }
}

// MARK: - Canonical form

/// The command as a client would send it, CRLF removed.
private func render(_ command: SMTPCommand) -> String {
    switch command {
    case .helo(let name): "HELO \(name)"
    case .ehlo(let name): "EHLO \(name)"
    case .lhlo(let name): "LHLO \(name)"
    case .mail(let path, let parameters): "MAIL FROM:\(path)" + render(parameters)
    case .rcpt(let path, let parameters): "RCPT TO:\(path)" + render(parameters)
    case .data: "DATA"
    case .bdat(let size, let last): "BDAT \(size)" + (last ? " LAST" : "")
    case .rset: "RSET"
    case .noop: "NOOP"
    case .quit: "QUIT"
    case .vrfy(let text): "VRFY \(text)"
    case .help(let text): "HELP" + (text.map { " " + $0 } ?? "")
    case .startTLS: "STARTTLS"
    case .auth(let mechanism, let response): "AUTH \(mechanism)" + (response.map { " " + $0 } ?? "")
    }
}

private func render(_ parameters: MailParameters) -> String {
    var words: [String] = []
    if let size = parameters.size { words.append("SIZE=\(size)") }
    if let body = parameters.body { words.append("BODY=\(body.rawValue)") }
    if parameters.smtpUTF8 { words.append("SMTPUTF8") }
    if let ret = parameters.dsnReturn { words.append("RET=\(ret.rawValue)") }
    if let id = parameters.envelopeID { words.append("ENVID=\(XText.encode(id))") }
    return words.map { " " + $0 }.joined()
}

private func render(_ parameters: RecipientParameters) -> String {
    var words: [String] = []
    switch parameters.notify {
    case nil: break
    case .never: words.append("NOTIFY=NEVER")
    case .on(let success, let failure, let delay):
        let conditions = [(success, "SUCCESS"), (failure, "FAILURE"), (delay, "DELAY")].filter(\.0).map(\.1)
        words.append("NOTIFY=" + conditions.joined(separator: ","))
    }
    if let original = parameters.originalRecipient {
        words.append("ORCPT=\(original.addressType);\(XText.encode(original.address))")
    }
    return words.map { " " + $0 }.joined()
}

runLibFuzzer(fuzzSMTPCommand)
