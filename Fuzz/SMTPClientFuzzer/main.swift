import FuzzSupport
import MailCore
import SMTPProtocol

/// libFuzzer entry point for the client side of SMTP: what a hostile or broken server sends back
/// (RFC 5321 §4.2 replies, RFC 2920 pipelined answers, RFC 3207 STARTTLS).
///
/// The first byte picks the STARTTLS policy and whether the client has a login; the rest is the server's byte stream, cut into lines at
/// LF. The lines go through `SMTPReplyParser` into `SMTPClientMachine`, driven as the outbound
/// transport drives it (one two-recipient transaction, then QUIT), until it fails, closes or the
/// input ends (then as a lost connection). Checked: no trap; every command the client sends is one
/// of its own verbs on one CRLF-terminated line (nothing of a reply is echoed into a command); a
/// transaction ends with one outcome per recipient, and only a 2yz reply delivers; nothing follows
/// a failure or a close.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSMTPClient(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = fuzzInput(data, size)
    guard let first = input.first else { return 0 }
    let policies: [SMTPClientMachine.StartTLSUse] = [.never, .ifOffered, .required]
    // Bit 4 of the first byte gives the client a login, so the AUTH exchanges are fuzzed too.
    let login = first & 16 != 0 ? SASLCredentials(username: "user", password: "pass word") : nil
    var machine = SMTPClientMachine(configuration: .init(heloName: "mail.example.com", startTLS: policies[Int(first) % 3],
                                                         credentials: login))
    let transaction = SMTPClientTransaction(
        sender: "a@example.com", recipients: [.init(address: "b@example.org", notify: ["FAILURE"]), .init(address: "c@example.org")],
        size: 100, eightBit: first & 4 != 0, smtpUTF8: first & 8 != 0, envelopeID: "id", returnHeadersOnly: true)
    var driver = Driver(transaction: transaction)
    var parser = SMTPReplyParser()
    for line in input.dropFirst().split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
        guard !driver.ended else { break }
        let text = String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line, as: UTF8.self)
        // As the transport reads: a reply of more than 100 lines, or a line that is not a reply line, ends it.
        let reply: SMTPReply?
        do {
            guard parser.pendingLineCount < 100 else { throw EndlessReply() }
            reply = try parser.parse(text)
        } catch {
            driver.carryOut(machine.malformedReply(), on: &machine)
            break
        }
        if let reply { driver.carryOut(machine.receive(reply), on: &machine) }
    }
    if !driver.ended { driver.carryOut(machine.connectionLost(), on: &machine) }
    precondition(driver.ended, "a lost connection ends the conversation")
    return 0
}

/// Plays the outbound transport's part and checks what the machine asks of it.
private struct Driver {
    let transaction: SMTPClientTransaction
    var begun = 0
    var finished = 0
    var ended = false

    static let verbs = ["EHLO ", "HELO ", "STARTTLS", "AUTH PLAIN ", "AUTH LOGIN", "MAIL FROM:", "RCPT TO:", "DATA", "BDAT ", "RSET", "QUIT", "."]
    static let base64 = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")

    mutating func carryOut(_ actions: [SMTPClientMachine.Action], on machine: inout SMTPClientMachine) {
        var pending = actions
        while !pending.isEmpty {
            let action = pending.removeFirst()
            precondition(!ended, "an action after the conversation ended: \(action)")
            switch action {
            case .send(let text):
                precondition(text.hasSuffix("\r\n"), "a command without CRLF")
                // "\r\n" is one Character: dropping it drops the final line end.
                for line in text.dropLast().split(separator: "\r\n", omittingEmptySubsequences: false) {
                    precondition(!line.contains("\r") && !line.contains("\n"), "a bare CR or LF in a command")
                    // A SASL response line (AUTH) is base64 alone; anything else starts with a verb.
                    precondition(Self.verbs.contains { line.hasPrefix($0) } || (!line.isEmpty && line.allSatisfy(Self.base64.contains)),
                                 "not a client command: \(line)")
                }
            case .startTLS:
                pending += machine.tlsEstablished()
            case .sendMessage, .sendChunk:
                pending += machine.messageSent()
            case .finished(let outcomes):
                finished += 1
                precondition(finished <= begun, "an outcome for a transaction never begun")
                precondition(outcomes.count == transaction.recipients.count, "one outcome per recipient")
                for case .accepted(let reply) in outcomes {
                    precondition(reply.code.kind == 2, "delivered on a \(reply.code) reply")
                }
            case .ready:
                if begun == 0 {
                    begun += 1
                    pending += machine.begin(transaction)
                } else {
                    pending += machine.quit()
                }
            case .failed(let failure):
                precondition(failure.status.class == 4, "a connection failure is temporary")
                ended = true
            case .close:
                ended = true
            }
        }
    }
}

/// A reply of more lines than the transport reads.
private struct EndlessReply: Error {}

runLibFuzzer(fuzzSMTPClient)
