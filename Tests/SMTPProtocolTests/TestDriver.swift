import MailCore
import NIOCore

@testable import SMTPProtocol

/// Drives an `SMTPServerMachine` the way the NIO driver will, recording what it would write.
struct TestDriver {
    var machine: SMTPServerMachine
    /// Everything written to the client, in order.
    var written: [SMTPReply] = []
    /// Body bytes appended to the open delivery.
    var body = ""
    var envelope: SMTPEnvelope?
    var events: [String] = []
    var closed = false
    /// The greeting sent on connect.
    var greeting: SMTPReply?
    /// The recipient policy: rejects `unknown@...` with 550 5.1.1.
    var policy: (ForwardPath) -> SMTPServerMachine.PolicyVerdict = { path in
        path.address?.localPart == "unknown"
            ? .reject(SMTPReply(.mailboxUnavailable, EnhancedStatusCode("5.1.1"), "\(path): Recipient address rejected"))
            : .accept
    }
    var commitOutcome = SMTPServerMachine.CommitOutcome.queued(id: "ABC123")

    init(_ configuration: SMTPServerConfiguration) {
        machine = SMTPServerMachine(configuration: configuration)
        perform(machine.connectionOpened())
        greeting = take().first
    }

    /// The replies written since the last call.
    mutating func take() -> [SMTPReply] {
        defer { written = [] }
        return written
    }

    /// Sends one command line and returns the replies it produced.
    @discardableResult
    mutating func send(_ line: String) -> [SMTPReply] {
        perform(machine.commandLine(ByteBuffer(string: line)))
        return take()
    }

    /// Sends the raw DATA stream (after 354) through a `DataStreamDecoder`, byte by byte.
    @discardableResult
    mutating func sendData(_ raw: String) -> [SMTPReply] {
        var decoder = DataStreamDecoder(maximumSize: machine.configuration.maximumMessageSize)
        for byte in raw.utf8 {
            let output = decoder.decode(ByteBuffer(bytes: [byte]))
            if output.body.readableBytes > 0 { perform(machine.dataChunk(output.body)) }
            if let end = output.end {
                perform(end.tooBig ? machine.messageTooBig() : machine.dataEnded())
                break
            }
        }
        return take()
    }

    /// Sends the raw bytes of one BDAT chunk (after the BDAT line produced `.receiveChunk`/`.beginMessage`).
    @discardableResult
    mutating func sendChunk(_ raw: String) -> [SMTPReply] {
        if !raw.isEmpty { perform(machine.dataChunk(ByteBuffer(string: raw))) }
        perform(machine.dataEnded())
        return take()
    }

    mutating func perform(_ action: SMTPServerMachine.Action) {
        switch action {
        case .nothing: break
        case .send(let reply): written.append(reply)
        case .sendReplies(let replies): written += replies
        case .sendAndClose(let reply):
            written.append(reply)
            closed = true
        case .startTLS(let reply):
            written.append(reply)
            events.append("startTLS")
        case .startAuthentication(let mechanism, let response):
            events.append("auth \(mechanism) \(response ?? "-")")
        case .continueAuthentication(let line):
            events.append("auth-line \(line)")
        case .cancelAuthentication(let reply):
            events.append("auth-cancel")
            written.append(reply)
        case .checkSender(let address, let identity):
            events.append("check-sender \(address) \(identity)")
            perform(machine.senderChecked(address.localPart == "forged"
                ? .reject(SMTPReply(.mailboxNameNotAllowed, EnhancedStatusCode("5.7.1"), "not owned")) : .accept))
        case .checkRecipient(let path, _):
            perform(machine.recipientChecked(policy(path)))
        case .beginMessage(let envelope, let transfer):
            self.envelope = envelope
            body = ""
            events.append("begin")
            if case .dotTerminated(let reply) = transfer { written.append(reply) }
        case .receiveChunk(let size):
            events.append("chunk \(size)")
        case .appendBody(let bytes):
            body += String(buffer: bytes)
        case .commitMessage:
            events.append("commit")
            perform(machine.commitFinished(commitOutcome))
        case .abortMessage(let replies, let close):
            events.append("abort")
            written += replies
            if close { closed = true }
        }
    }
}

extension SMTPReply {
    /// `250 2.1.0` style summary for assertions.
    var codes: String { [code.description, enhancedCode?.description].compactMap { $0 }.joined(separator: " ") }
}

extension Array where Element == SMTPReply {
    var codes: [String] { map(\.codes) }
}
