import Foundation
import MailCore

/// The client side of one SMTP connection (RFC 5321 §3, §4.1), sans I/O: it takes the server's
/// replies and the driver's events and answers with actions (bytes to send, TLS to start, the
/// message to stream, the outcome of each recipient). The driver connects, frames reply lines
/// into ``SMTPReply`` values (``SMTPReplyParser``), carries out the actions and enforces
/// ``replyTimeout``.
///
/// The conversation: the greeting, EHLO (HELO when the server does not know EHLO, §4.1.4),
/// STARTTLS as ``Configuration/startTLS`` says (RFC 3207; EHLO again afterwards, §4.2), then any
/// number of transactions (``begin(_:)``), each MAIL, RCPT per recipient and DATA, sent as one
/// group when the server offers PIPELINING (RFC 2920 §3.1), and finally QUIT. A transaction that
/// ended without the server's final reply to the message is followed by RSET before the next.
///
/// When the server offers CHUNKING and 8BITMIME, the message goes as one `BDAT size LAST` chunk
/// instead of DATA (RFC 3030 §2): exactly as stored, so neither side scans it for lines that start
/// with a dot, and no 354 round trip; with PIPELINING, BDAT follows the RCPT replies (there is no
/// point sending the message when no recipient was accepted).
public struct SMTPClientMachine: Sendable {
    /// When STARTTLS is used (Postfix's `smtp_tls_security_level`, as far as the conversation goes).
    public enum StartTLSUse: Hashable, Sendable {
        /// Never (`none`).
        case never
        /// When the server offers it; a refused STARTTLS continues in plaintext (`may`, RFC 3207 §4.1).
        case ifOffered
        /// Always: a server that does not offer it, or refuses it, is not used (`encrypt` and above).
        case required
    }

    /// The settings of one connection.
    public struct Configuration: Hashable, Sendable {
        /// The name in EHLO/HELO (`smtp_helo_name`, by default `$myhostname`).
        public var heloName: String
        public var startTLS: StartTLSUse
        public var timeouts: Timeouts
        /// The login for servers that offer AUTH (a relay host, `smtp_sasl_password_maps`): sent only
        /// over TLS, with PLAIN when offered, else LOGIN (RFC 4954).
        public var credentials: SASLCredentials?

        public init(heloName: String, startTLS: StartTLSUse, timeouts: Timeouts = Timeouts(), credentials: SASLCredentials? = nil) {
            self.heloName = heloName
            self.startTLS = startTLS
            self.timeouts = timeouts
            self.credentials = credentials
        }
    }

    /// How long to wait for each reply: RFC 5321 §4.5.3.2's minimums, and Postfix's values for the
    /// commands it does not name (`smtp_helo_timeout`, `smtp_starttls_timeout`, `smtp_rset_timeout`).
    public struct Timeouts: Hashable, Sendable {
        public var greeting: Duration = .seconds(300)
        public var hello: Duration = .seconds(300)
        public var startTLS: Duration = .seconds(300)
        public var mail: Duration = .seconds(300)
        public var recipient: Duration = .seconds(300)
        public var dataInitiation: Duration = .seconds(120)
        /// Each write of the message may take this long (§4.5.3.2.5, "data block").
        public var dataBlock: Duration = .seconds(180)
        public var dataTermination: Duration = .seconds(600)
        public var reset: Duration = .seconds(20)
        public var quit: Duration = .seconds(300)

        public init() {}
    }

    /// Where the conversation is; its raw value completes Postfix's "... while ___" log phrases.
    public enum Stage: String, Hashable, Sendable {
        case greeting = "receiving the initial server greeting"
        case hello = "performing the EHLO handshake"
        case startTLS = "performing the STARTTLS handshake"
        /// After the server's 220 to STARTTLS: the TLS handshake itself.
        case tlsHandshake = "performing the TLS handshake"
        case authentication = "performing the AUTH handshake"
        case mail = "sending MAIL FROM"
        case recipients = "sending RCPT TO"
        case data = "sending DATA command"
        case message = "sending message body"
        case reset = "sending RSET"
        case quit = "sending QUIT"
    }

    /// What became of one recipient of a transaction.
    public enum Outcome: Hashable, Sendable {
        /// The server took the message for this recipient: its reply to the end of the message.
        case accepted(SMTPReply)
        /// The server refused this recipient (at MAIL, its RCPT, DATA or the end of the message).
        case refused(SMTPReply, Stage)
        /// The message did not reach the server for this recipient, with no reply to say so: the
        /// client's own status and reason (the server cannot take it, or the connection was lost).
        case notSent(EnhancedStatusCode, String)
    }

    /// Why the connection cannot be used (any more): the driver closes it.
    public struct ConnectionFailure: Hashable, Sendable, Error {
        public var stage: Stage
        /// The server's reply that ended it, when one did.
        public var reply: SMTPReply?
        /// For the log and the recipients' diagnostics.
        public var reason: String
        /// Class 4 (try another host or later) or 5.
        public var status: EnhancedStatusCode
    }

    /// What the driver does next.
    public enum Action: Hashable, Sendable {
        /// Write these command lines.
        case send(String)
        /// Start TLS on the connection, then call ``tlsEstablished()``.
        case startTLS
        /// Stream the message, dot-stuffed and ending in `.CRLF`, then call ``messageSent()``.
        case sendMessage
        /// Stream the message exactly as stored, its ``SMTPClientTransaction/size`` octets and no
        /// more (the `BDAT` command was just sent), then call ``messageSent()``.
        case sendChunk
        /// The current transaction is over: one outcome per recipient, in order.
        case finished([Outcome])
        /// The connection is idle: ``begin(_:)`` the next transaction or ``quit()``.
        case ready(SMTPServerExtensions)
        /// The connection is unusable: close it (after sending what this batch of actions sends).
        case failed(ConnectionFailure)
        /// The conversation is over: close the connection.
        case close
    }

    private enum Expected: Hashable {
        case mail, recipient(Int), data
    }

    /// A transaction under way.
    private struct Transaction {
        var envelope: SMTPClientTransaction
        /// Replies still due, in the order of the commands sent.
        var expected: [Expected] = []
        /// Commands not sent yet (without PIPELINING, one at a time).
        var unsent: [Expected] = []
        var mailReply: SMTPReply?
        var recipientReplies: [SMTPReply?]
        var dataReply: SMTPReply?
        /// The server answered 354 although no recipient was accepted: an empty message was sent to
        /// end the DATA phase (RFC 2920 §3.1), and its reply means nothing.
        var endedEmpty = false
        /// The message goes by BDAT, not DATA (RFC 3030).
        var chunked = false

        init(_ envelope: SMTPClientTransaction) {
            self.envelope = envelope
            recipientReplies = Array(repeating: nil, count: envelope.recipients.count)
        }

        var mailAccepted: Bool { mailReply?.code.kind == 2 }

        func accepted(_ index: Int) -> Bool { mailAccepted && recipientReplies[index]?.code.kind == 2 }

        var anyAccepted: Bool { envelope.recipients.indices.contains { accepted($0) } }
    }

    /// Where a SASL exchange is (RFC 4954 §4).
    private enum AuthenticationStep {
        /// AUTH PLAIN sent with its initial response; a 334 asks for it again.
        case plain
        /// AUTH LOGIN sent; the next 334 asks for the user name, the one after for the password.
        case loginUser, loginPassword
        /// Everything sent; 235 or a refusal follows.
        case sent
    }

    private enum State {
        case greeting, ehlo, helo, startTLS, handshake, ready
        case authenticating(AuthenticationStep)
        case transaction(Transaction)
        case message(Transaction)
        case messageEnd(Transaction)
        case reset(SMTPClientTransaction)
        case quit, done
    }

    public let configuration: Configuration
    private var state = State.greeting
    /// What the server offered in its last EHLO reply.
    public private(set) var extensions = SMTPServerExtensions()
    /// TLS is on.
    public private(set) var isEncrypted = false
    /// The last transaction ended without the server's final reply: RSET before the next.
    private var needsReset = false

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Where the conversation is.
    public var stage: Stage {
        switch state {
        case .greeting: .greeting
        case .ehlo, .helo, .ready, .done: .hello  // idle and closed connections report their last exchange
        case .startTLS: .startTLS
        case .handshake: .tlsHandshake
        case .authenticating: .authentication
        case .transaction(let transaction):
            switch transaction.expected.first {
            case .mail?: .mail
            case .recipient?: .recipients
            case .data?, nil: .data
            }
        case .message, .messageEnd: .message
        case .reset: .reset
        case .quit: .quit
        }
    }

    /// How long the driver waits for the server now; `nil` while the driver itself has the turn
    /// (TLS handshake, streaming the message, idle between transactions).
    public var replyTimeout: Duration? {
        let timeouts = configuration.timeouts
        switch state {
        case .greeting: return timeouts.greeting
        case .ehlo, .helo: return timeouts.hello
        case .startTLS: return timeouts.startTLS
        case .authenticating: return timeouts.hello
        case .transaction(let transaction):
            switch transaction.expected.first {
            case .mail?: return timeouts.mail
            case .recipient?: return timeouts.recipient
            case .data?, nil: return timeouts.dataInitiation
            }
        case .messageEnd: return timeouts.dataTermination
        case .reset: return timeouts.reset
        case .quit: return timeouts.quit
        case .handshake, .ready, .message, .done: return nil
        }
    }

    // MARK: - Events

    /// A complete reply from the server.
    public mutating func receive(_ reply: SMTPReply) -> [Action] {
        switch state {
        case .greeting:
            // RFC 5321 §4.3.1: 220 opens the session; 554 (or anything else) means no service here.
            guard reply.code == .serviceReady else { return fail(.greeting, reply, "host refused to talk to me") }
            state = .ehlo
            return [.send("EHLO \(configuration.heloName)\r\n")]
        case .ehlo:
            if reply.code == .ok {
                extensions = SMTPServerExtensions(ehloReply: reply)
                return afterHello()
            }
            // RFC 5321 §4.1.4: a server that does not know EHLO (5yz) gets HELO.
            guard reply.code.kind == 5, reply.code != .serviceNotAvailable else {
                return fail(.hello, reply, "host refused EHLO")
            }
            state = .helo
            return [.send("HELO \(configuration.heloName)\r\n")]
        case .helo:
            guard reply.code == .ok else { return fail(.hello, reply, "host refused HELO") }
            extensions = SMTPServerExtensions()
            return afterHello()
        case .startTLS:
            if reply.code == .serviceReady {
                state = .handshake
                return [.startTLS]
            }
            // RFC 3207 §4: after a refusal the client may go on without TLS, unless it needs TLS.
            guard configuration.startTLS == .ifOffered, reply.code != .serviceNotAvailable else {
                return fail(.startTLS, reply, "host refused STARTTLS")
            }
            return startAuthentication()
        case .authenticating(let step):
            return authenticate(step, reply)
        case .transaction(var transaction):
            return answer(reply, in: &transaction)
        case .message(let transaction):
            // A reply before the message ended: the server gave up on it (often a 421 or 554).
            return abandon(transaction, stage: .message, reply: reply, reason: "host broke off the message")
        case .messageEnd(let transaction):
            return finishMessage(transaction, with: reply)
        case .reset(let next):
            guard reply.code == .ok else { return fail(.reset, reply, "host refused RSET") }
            needsReset = false
            state = .ready
            return begin(next)
        case .quit:
            state = .done
            return [.close]
        case .handshake, .ready:
            // Unsolicited (a 421 on an idle connection, RFC 5321 §3.8) or a reply during the handshake.
            return fail(stage, reply, "unexpected reply")
        case .done:
            return []
        }
    }

    /// The TLS handshake that ``Action/startTLS`` asked for succeeded.
    public mutating func tlsEstablished() -> [Action] {
        guard case .handshake = state else { return [] }
        isEncrypted = true
        // RFC 3207 §4.2: everything learnt before TLS is discarded; EHLO again.
        extensions = SMTPServerExtensions()
        state = .ehlo
        return [.send("EHLO \(configuration.heloName)\r\n")]
    }

    /// Starts a transaction on an idle connection (after ``Action/ready(_:)``).
    public mutating func begin(_ envelope: SMTPClientTransaction) -> [Action] {
        guard case .ready = state else {
            return [.finished(envelope.recipients.map { _ in .notSent(.transientSystemError, "connection not ready") })]
        }
        if needsReset {
            state = .reset(envelope)
            return [.send("RSET\r\n")]
        }
        if let (status, reason) = envelope.refusal(by: extensions) {
            return [.finished(envelope.recipients.map { _ in .notSent(status, reason) }), .ready(extensions)]
        }
        guard !envelope.recipients.isEmpty else { return [.finished([]), .ready(extensions)] }
        var transaction = Transaction(envelope)
        // Without 8BITMIME the driver may have to convert the message, changing its size.
        transaction.chunked = extensions.chunking && extensions.eightBitMIME && envelope.size > 0
        let commands = [Expected.mail] + envelope.recipients.indices.map { .recipient($0) } + (transaction.chunked ? [] : [.data])
        if extensions.pipelining {
            // RFC 2920 §3.1: MAIL, every RCPT and DATA (which must end the group) in one write.
            transaction.expected = commands
            state = .transaction(transaction)
            return [.send(commands.map { command(for: $0, of: envelope) }.joined())]
        }
        transaction.expected = [.mail]
        transaction.unsent = Array(commands.dropFirst())
        state = .transaction(transaction)
        return [.send(command(for: .mail, of: envelope))]
    }

    /// The driver has written the whole message and its terminating `.CRLF`.
    public mutating func messageSent() -> [Action] {
        guard case .message(let transaction) = state else { return [] }
        state = .messageEnd(transaction)
        return []
    }

    /// Ends the conversation politely: QUIT when the connection is idle, else just close.
    public mutating func quit() -> [Action] {
        guard case .ready = state else {
            state = .done
            return [.close]
        }
        state = .quit
        return [.send("QUIT\r\n")]
    }

    /// The connection closed, or a read or write failed.
    public mutating func connectionLost() -> [Action] {
        lost("lost connection with host while \(stage.rawValue)")
    }

    /// ``replyTimeout`` (or a data block's write) ran out.
    public mutating func timedOut() -> [Action] {
        lost("conversation with host timed out while \(stage.rawValue)")
    }

    /// The server sent what is not an SMTP reply (garbage, an over-long line, a reply of too many
    /// lines): the conversation cannot go on.
    public mutating func malformedReply() -> [Action] {
        lost("host sent a malformed reply while \(stage.rawValue)")
    }

    // MARK: - Steps

    private mutating func afterHello() -> [Action] {
        guard !isEncrypted else { return startAuthentication() }
        switch configuration.startTLS {
        case .never:
            return startAuthentication()
        case .ifOffered where !extensions.startTLS:
            return startAuthentication()
        case .required where !extensions.startTLS:
            // Postfix: "TLS is required, but was not offered by host" (deferred).
            return fail(.startTLS, nil, "TLS is required, but was not offered by host", status: .securityNotSupported)
        case .ifOffered, .required:
            state = .startTLS
            return [.send("STARTTLS\r\n")]
        }
    }

    /// AUTH when there are credentials and the server offers it (as Postfix, a server without AUTH
    /// gets the mail unauthenticated); never without TLS.
    private mutating func startAuthentication() -> [Action] {
        guard let credentials = configuration.credentials, !extensions.authMechanisms.isEmpty else { return ready() }
        guard isEncrypted else {
            return fail(.authentication, nil, "will not send a password without TLS", status: .transientSecurity)
        }
        if extensions.authMechanisms.contains("PLAIN") {
            state = .authenticating(.plain)
            return [.send("AUTH PLAIN \(Self.plainResponse(credentials))\r\n")]
        }
        guard extensions.authMechanisms.contains("LOGIN") else {
            return fail(.authentication, nil, "SASL authentication failed: no mechanism in common (PLAIN, LOGIN)",
                        status: .transientSecurity)
        }
        state = .authenticating(.loginUser)
        return [.send("AUTH LOGIN\r\n")]
    }

    private mutating func authenticate(_ step: AuthenticationStep, _ reply: SMTPReply) -> [Action] {
        guard let credentials = configuration.credentials else { return fail(.authentication, reply, "unexpected reply") }
        if reply.code == .authSucceeded { return ready() }
        guard reply.code == .authContinue else { return fail(.authentication, reply, "SASL authentication failed") }
        switch step {
        case .plain:
            state = .authenticating(.sent)
            return [.send(Self.plainResponse(credentials) + "\r\n")]
        case .loginUser:
            state = .authenticating(.loginPassword)
            return [.send(Self.base64(credentials.username) + "\r\n")]
        case .loginPassword:
            state = .authenticating(.sent)
            return [.send(Self.base64(credentials.password) + "\r\n")]
        case .sent:
            return fail(.authentication, reply, "SASL authentication failed")
        }
    }

    /// RFC 4616: authorization identity (empty), NUL, user, NUL, password, in base64.
    private static func plainResponse(_ credentials: SASLCredentials) -> String {
        Data([0] + Array(credentials.username.utf8) + [0] + Array(credentials.password.utf8)).base64EncodedString()
    }

    private static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    private mutating func ready() -> [Action] {
        state = .ready
        return [.ready(extensions)]
    }

    private func command(for expected: Expected, of envelope: SMTPClientTransaction) -> String {
        switch expected {
        case .mail: envelope.mailCommand(for: extensions)
        case .recipient(let index): envelope.recipientCommand(index, for: extensions)
        case .data: "DATA\r\n"
        }
    }

    /// A reply within MAIL, RCPT and DATA.
    private mutating func answer(_ reply: SMTPReply, in transaction: inout Transaction) -> [Action] {
        guard let expected = transaction.expected.first else { return fail(stage, reply, "unexpected reply") }
        if reply.code == .serviceNotAvailable {
            // RFC 5321 §3.8: 421 closes the connection whatever was asked.
            return abandon(transaction, stage: stage, reply: reply, reason: "host is closing the connection")
        }
        transaction.expected.removeFirst()
        switch expected {
        case .mail: transaction.mailReply = reply
        case .recipient(let index): transaction.recipientReplies[index] = reply
        case .data: return answerData(reply, in: transaction)
        }
        guard transaction.expected.isEmpty else {
            state = .transaction(transaction)
            return []
        }
        // Every command answered: only a BDAT transaction is here (DATA's reply returned above).
        guard let next = transaction.unsent.first else { return sendChunk(transaction) }
        // Without PIPELINING: the next command, unless there is no point (MAIL refused, or DATA
        // with no recipient accepted, RFC 5321 §3.3).
        if !transaction.mailAccepted || (next == .data && !transaction.anyAccepted) {
            needsReset = true
            return finish(transaction)
        }
        transaction.unsent.removeFirst()
        transaction.expected = [next]
        state = .transaction(transaction)
        return [.send(command(for: next, of: transaction.envelope))]
    }

    /// RFC 3030 §2: the whole message as one last chunk, once MAIL and a recipient were accepted.
    private mutating func sendChunk(_ transaction: Transaction) -> [Action] {
        guard transaction.chunked, transaction.mailAccepted, transaction.anyAccepted else {
            needsReset = true
            return finish(transaction)
        }
        state = .message(transaction)
        return [.send("BDAT \(transaction.envelope.size) LAST\r\n"), .sendChunk]
    }

    private mutating func answerData(_ reply: SMTPReply, in transaction: Transaction) -> [Action] {
        var transaction = transaction
        transaction.dataReply = reply
        guard reply.code == .startMailInput else {
            needsReset = true
            return finish(transaction)
        }
        if transaction.anyAccepted {
            state = .message(transaction)
            return [.sendMessage]
        }
        // RFC 2920 §3.1: every RCPT failed yet DATA was accepted; an empty message ends the phase.
        transaction.endedEmpty = true
        state = .messageEnd(transaction)
        return [.send(".\r\n")]
    }

    private mutating func finishMessage(_ transaction: Transaction, with reply: SMTPReply) -> [Action] {
        if transaction.endedEmpty {
            needsReset = true
            return finish(transaction)
        }
        if reply.code == .serviceNotAvailable {
            return abandon(transaction, stage: .message, reply: reply, reason: "host is closing the connection")
        }
        // RFC 5321 §4.1.1.4: the reply to DATA's end clears the server's state; RFC 3030 §2 says
        // only that a refused BDAT fails the transaction, so RSET before the next one.
        needsReset = transaction.chunked && reply.code.kind != 2
        return finish(transaction, final: reply)
    }

    /// The outcomes of a transaction that ended in the protocol, and the connection ready again.
    private mutating func finish(_ transaction: Transaction, final: SMTPReply? = nil) -> [Action] {
        let outcomes = transaction.envelope.recipients.indices.map { outcome($0, of: transaction, final: final) }
        state = .ready
        return [.finished(outcomes), .ready(extensions)]
    }

    private func outcome(_ index: Int, of transaction: Transaction, final: SMTPReply?) -> Outcome {
        if let mail = transaction.mailReply, mail.code.kind != 2 { return .refused(mail, .mail) }
        if let recipient = transaction.recipientReplies[index], recipient.code.kind != 2 { return .refused(recipient, .recipients) }
        if let data = transaction.dataReply, data.code != .startMailInput { return .refused(data, .data) }
        if let final {
            return final.code.kind == 2 ? .accepted(final) : .refused(final, .message)
        }
        return .notSent(.transientSystemError, "no reply from host while \(Stage.data.rawValue)")
    }

    /// The connection ends in the middle of a transaction: recipients the server already refused
    /// keep that refusal, the others get `reply` (or, without one, a temporary `reason`).
    private mutating func abandon(_ transaction: Transaction, stage: Stage, reply: SMTPReply?, reason: String) -> [Action] {
        let outcomes = transaction.envelope.recipients.indices.map { index -> Outcome in
            switch outcome(index, of: transaction, final: nil) {
            case .refused(let refusal, let at): .refused(refusal, at)
            default: reply.map { .refused($0, stage) } ?? .notSent(.badConnection, reason)
            }
        }
        return [.finished(outcomes)] + fail(stage, reply, reason)
    }

    private mutating func lost(_ reason: String) -> [Action] {
        switch state {
        case .quit, .done, .ready:
            // Nothing was under way: the connection is simply not reused.
            state = .done
            return [.close]
        case .transaction(let transaction), .message(let transaction), .messageEnd(let transaction):
            return abandon(transaction, stage: stage, reply: nil, reason: reason)
        default:
            return fail(stage, nil, reason)
        }
    }

    /// The connection is given up: QUIT is sent when the server still listens (it answered), then
    /// close. A failure of the connection is always temporary for the message: another host, or a
    /// later attempt, may take it (Postfix defers when every host failed so).
    private mutating func fail(_ stage: Stage, _ reply: SMTPReply?, _ reason: String,
                               status: EnhancedStatusCode? = nil) -> [Action] {
        state = .done
        let failure = ConnectionFailure(stage: stage, reply: reply, reason: reason,
                                        status: status ?? reply?.enhancedCode?.withClass(4) ?? .badConnection)
        let polite: [Action] = reply != nil && reply?.code != .serviceNotAvailable ? [.send("QUIT\r\n")] : []
        return polite + [.failed(failure)]
    }
}
