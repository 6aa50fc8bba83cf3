import MailCore
import NIOCore
import SMTPProtocol
import ServerKit

/// Runs an ``SMTPClientMachine`` over one connection to carry one transaction: it reads replies
/// (each wait bounded by the machine's ``SMTPClientMachine/replyTimeout``, each reply by the line
/// limits of ``OutboundSettings``), carries out the machine's actions and streams the message.
/// It only moves bytes; every decision is the machine's.
struct SMTPConversation {
    /// What came of the conversation.
    struct Result: Sendable {
        /// One per recipient, when the transaction ran (or was refused before it started).
        var outcomes: [SMTPClientMachine.Outcome]?
        /// Why the connection ended early, if it did.
        var failure: SMTPClientMachine.ConnectionFailure?
        /// The TLS version, when STARTTLS succeeded.
        var tlsVersion: String?
    }

    let connection: Connection
    var machine: SMTPClientMachine
    let transaction: SMTPClientTransaction
    let message: SpooledMessageSource
    let maximumReplyLines: Int

    /// Converses until the transaction is done and QUIT answered, or the connection fails.
    mutating func run() async -> Result {
        var result = Result()
        do {
            try await connection.withIO { reader, writer in
                try await converse(&reader, writer, into: &result)
            }
        } catch {
            // A failure that the conversation did not already turn into actions (the connection
            // dropped while closing): what was decided stands.
        }
        return result
    }

    private mutating func converse(_ reader: inout ConnectionReader, _ writer: ConnectionWriter,
                                   into result: inout Result) async throws {
        var started = false
        var actions: [SMTPClientMachine.Action] = []
        while true {
            if actions.isEmpty {
                actions = await nextReply(&reader)
            }
            var next: [SMTPClientMachine.Action] = []
            for action in actions {
                do {
                    switch action {
                    case .send(let text):
                        try await writer.write(text)
                    case .startTLS:
                        try await connection.startTLS()
                        try await reader.awaitTLS()
                        result.tlsVersion = await connection.tlsVersion()
                        next += machine.tlsEstablished()
                    case .sendMessage:
                        try await connection.setReadTimeout(nil)
                        var stuffer = DotStuffer()
                        try await message.forEachChunk { chunk in try await writer.write(stuffer.stuff(chunk)) }
                        try await writer.write(stuffer.finish())
                        next += machine.messageSent()
                    case .finished(let outcomes):
                        result.outcomes = outcomes
                    case .ready:
                        next += started ? machine.quit() : machine.begin(transaction)
                        started = true
                    case .failed(let failure):
                        result.failure = failure
                        return
                    case .close:
                        return
                    }
                } catch {
                    next = error is SpoolReadError ? machine.connectionLost() : failed(by: error)
                    break
                }
            }
            actions = next
        }
    }

    /// The machine's answer to the next complete reply, or to why none came.
    private mutating func nextReply(_ reader: inout ConnectionReader) async -> [SMTPClientMachine.Action] {
        var parser = SMTPReplyParser()
        do {
            try await connection.setReadTimeout(machine.replyTimeout)
            while true {
                guard let frame = try await reader.nextLine() else { return machine.connectionLost() }
                guard case .line(let line) = frame, parser.pendingLineCount < maximumReplyLines else {
                    return machine.malformedReply()
                }
                do {
                    if let reply = try parser.parse(line) { return machine.receive(reply) }
                } catch {
                    return machine.malformedReply()
                }
            }
        } catch {
            return failed(by: error)
        }
    }

    private mutating func failed(by error: any Error) -> [SMTPClientMachine.Action] {
        let timedOut = [ServerKitError.idleTimeout, .writeTimeout].contains(error as? ServerKitError)
        return timedOut ? machine.timedOut() : machine.connectionLost()
    }
}
