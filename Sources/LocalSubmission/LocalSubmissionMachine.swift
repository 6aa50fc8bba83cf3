import NIOCore
import SMTPProtocol

/// The server side of the local submission protocol (``LocalSubmissionCommand``), without I/O.
///
/// Theory of operation. The peer is a local process whose Unix user the server learnt from the
/// socket (`SO_PEERCRED`); nothing it says about itself is believed, so the machine only enforces
/// order and limits and hands each request to the driver, which decides with the peer's identity:
///
///     envelope ──SENDER (once, before any RECIPIENT)──▶ .checkSender ─▶ envelope
///     envelope ──RECIPIENT (at most `recipientLimit`)─▶ .routeRecipient ─▶ envelope
///     envelope ──DATA (after a RECIPIENT)──────────────▶ .receiveBody ─▶ body
///     body ──``bodyReceived()``────────────────────────▶ finished
///     any ──QUIT, bad or over-long line, wrong order───▶ .close(reply) ─▶ finished
///
/// The driver answers `.checkSender` and `.routeRecipient` with `250` or, refusing, with its reply
/// and the end of the connection: one refusal ends the submission, as it ends `sendmail`. The peer
/// is our own client, so any protocol error closes at once rather than being counted.
public struct LocalSubmissionMachine: Sendable {
    /// What the driver must do next.
    public enum Action: Hashable, Sendable {
        /// Decide whether the peer may use this sender (`-f`); reply `250`, or refuse and close.
        case checkSender(String)
        /// Route this recipient; reply `250`, or refuse and close.
        case routeRecipient(String)
        /// Open the queue transaction, reply `354`, read the dot-stuffed body, commit and reply.
        case receiveBody
        /// Write the reply and close the connection.
        case close(SMTPReply)
    }

    private enum State: Sendable {
        case envelope(senderGiven: Bool, recipients: Int)
        case body
        case finished
    }

    private var state = State.envelope(senderGiven: false, recipients: 0)
    private let recipientLimit: Int

    /// A machine for one connection.
    public init(recipientLimit: Int = LocalSubmissionLimits.recipients) {
        self.recipientLimit = recipientLimit
    }

    /// True once the connection has nothing more to do.
    public var isFinished: Bool {
        if case .finished = state { return true }
        return false
    }

    /// One command line from the peer, its line end removed.
    public mutating func receive(line: ByteBuffer) -> Action {
        guard case .envelope(let senderGiven, let recipients) = state else { return finish(Self.badSequence) }
        let command: LocalSubmissionCommand
        do {
            command = try LocalSubmissionCommand(parsing: line.readableBytesView)
        } catch {
            return finish(error.reply)
        }
        switch command {
        case .sender(let address):
            guard !senderGiven, recipients == 0 else { return finish(Self.badSequence) }
            state = .envelope(senderGiven: true, recipients: 0)
            return .checkSender(address)
        case .recipient(let address):
            guard recipients < recipientLimit else {
                return finish(SMTPReply(.insufficientStorage, .tooManyRecipients, "Error: too many recipients"))
            }
            state = .envelope(senderGiven: senderGiven, recipients: recipients + 1)
            return .routeRecipient(address)
        case .data:
            guard recipients > 0 else { return finish(SMTPReply(.badSequence, .invalidCommand, "Error: need RECIPIENT command")) }
            state = .body
            return .receiveBody
        case .quit:
            return finish(SMTPReply(.closing, .success, "Bye"))
        }
    }

    /// A line longer than ``LocalSubmissionLimits/commandLineLength``.
    public mutating func receiveOverlongLine() -> Action {
        finish(SMTPReply(.syntaxError, .syntaxError, "Error: line too long"))
    }

    /// The driver refused the sender or a recipient: the submission ends with its reply.
    public mutating func refused() {
        guard case .envelope = state else { illegalTransition("refused() outside the envelope") }
        state = .finished
    }

    /// The driver read the body to its final dot (and replied).
    public mutating func bodyReceived() {
        guard case .body = state else { illegalTransition("bodyReceived() outside the body") }
        state = .finished
    }

    private static let badSequence = SMTPReply(.badSequence, .invalidCommand, "Error: bad sequence of commands")

    private mutating func finish(_ reply: SMTPReply) -> Action {
        state = .finished
        return .close(reply)
    }

    /// Our own bug, never the peer's doing.
    private func illegalTransition(_ what: String) -> Never {
        preconditionFailure("LocalSubmissionMachine: \(what) in state \(state)")
    }
}
