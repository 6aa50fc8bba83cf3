import NIOCore

/// The server side of one SMTP (RFC 5321), submission (RFC 6409) or LMTP (RFC 2033) session, without
/// I/O, clocks or logging. The driver feeds events and carries out the ``Action`` each returns.
///
/// Theory of operation. States and the events that leave them:
///
///     idle ──connectionOpened──▶ command ◀──────────────────────────────────────────────┐
///     command ──MAIL ok──▶ transaction ──RCPT──▶ checkingRecipient ──recipientChecked──▶ transaction
///     command ──MAIL after AUTH──▶ checkingSender ──senderChecked──▶ transaction | command
///     transaction ──DATA──▶ receivingData ──dataEnded──▶ committing ──commitFinished──▶ command
///     transaction/command ──BDAT n──▶ receivingChunk ──dataEnded──▶ transaction | committing | command
///     command ──STARTTLS──▶ startingTLS ──tlsEstablished──▶ command (session forgotten, RFC 3207 §4.2)
///     command ──AUTH──▶ authenticating ──authenticationFinished──▶ command
///     any ──QUIT / error limit / timedOut──▶ closed
///
/// - Commands are handled one at a time, so PIPELINING (RFC 2920) needs nothing more than a driver that
///   feeds the next line only after it has carried out the last action (including the policy lookup of
///   `checkRecipient`). Replies keep command order.
/// - EHLO, HELO, LHLO and RSET end a transaction (RFC 5321 §4.1.4); a BDAT delivery already open is aborted.
/// - Every 4yz/5yz reply to a client command counts as an error; once `errorLimit` is reached, the next
///   command is answered `421 4.7.0 Error: too many errors` and the session ends (Postfix
///   `smtpd_hard_error_limit`).
/// - A BDAT with a valid size is always read to its end, even when refused, so the stream stays in
///   step (RFC 3030 §2); the refusal is the reply after the chunk.
/// - Events that cannot happen in the current state are driver bugs: `illegalTransition` stops the
///   process, as in `SASLExchange`. Nothing a peer sends can reach it.
public struct SMTPServerMachine: Sendable {
    enum State: Sendable {
        case idle
        case command(Session)
        case transaction(Session, Transaction)
        case checkingRecipient(Session, Transaction, EnvelopeRecipient)
        case checkingSender(Session, Transaction)
        case authenticating(Session)
        case startingTLS(Session)
        case receivingData(Session, Transaction)
        case receivingChunk(Session, Transaction?, Chunk)
        case committing(Session, Transaction)
        case closed
    }

    /// The listener's settings.
    public let configuration: SMTPServerConfiguration
    var state = State.idle

    public init(configuration: SMTPServerConfiguration) {
        self.configuration = configuration
    }

    /// True once the machine has asked for the connection to close.
    public var isClosed: Bool {
        if case .closed = state { return true }
        return false
    }

    /// The identity a successful AUTH gave this session, if any. The driver asks here rather than keep
    /// its own copy, so that STARTTLS, which forgets the login (RFC 3207 §4.2), takes it away everywhere.
    public var authenticatedIdentity: String? {
        switch state {
        case .command(let session), .transaction(let session, _), .checkingRecipient(let session, _, _),
             .checkingSender(let session, _),
             .authenticating(let session), .startingTLS(let session), .receivingData(let session, _),
             .receivingChunk(let session, _, _), .committing(let session, _):
            session.identity
        case .idle, .closed:
            nil
        }
    }

    // MARK: - Connection events

    /// The connection is up: the greeting (RFC 5321 §4.3.1).
    public mutating func connectionOpened() -> Action {
        guard case .idle = state else { illegalTransition("connectionOpened") }
        state = .command(Session(tlsActive: configuration.tlsActive))
        let word = configuration.mode == .lmtp ? "LMTP" : "ESMTP"
        return .send(.greeting(configuration.banner ?? "\(configuration.hostname) \(word)"))
    }

    /// The TLS handshake after ``Action/startTLS(_:)`` completed: everything learnt before is
    /// forgotten and the client must EHLO again (RFC 3207 §4.2).
    public mutating func tlsEstablished() -> Action {
        guard case .startingTLS(let session) = state else { illegalTransition("tlsEstablished") }
        state = .command(Session(tlsActive: true, errors: session.errors))
        return .nothing
    }

    /// The driver's idle timer fired: `421 4.4.2` and close, aborting any open delivery.
    public mutating func timedOut() -> Action {
        close(with: .timeout(configuration.hostname), "timedOut")
    }

    /// A line ended with a bare LF or CR (RFC 5321 §2.3.8) where ``SMTPServerConfiguration/bareLineEnds``
    /// is `reject`: `521 5.5.2` and close, aborting any open delivery (Postfix 3.9 `reject`).
    public mutating func bareLineEndReceived(_ kind: DataStreamDecoder.BareLineEnd) -> Action {
        close(with: .bareLineEnd(configuration.hostname, kind), "bareLineEndReceived")
    }

    /// Ends the session with `reply`, aborting the delivery that is open, if any.
    private mutating func close(with reply: SMTPReply, _ event: String) -> Action {
        defer { state = .closed }
        switch state {
        case .idle, .closed: illegalTransition(event)
        case .transaction(_, let t) where t.chunking: return .abortMessage([reply], close: true)
        case .receivingData, .committing, .receivingChunk(_, .some, _): return .abortMessage([reply], close: true)
        default: return .sendAndClose(reply)
        }
    }

    // MARK: - Lines

    /// A line the framer delivered (line end removed), outside a body; `endedWithBareLF` when its end
    /// was a LF without CR, which the `reject` policy refuses.
    public mutating func commandLine(_ line: ByteBuffer, endedWithBareLF: Bool = false) -> Action {
        if endedWithBareLF, configuration.bareLineEnds == .reject { return bareLineEndReceived(.lineFeed) }
        switch state {
        case .authenticating:
            return .continueAuthentication(String(decoding: line.readableBytesView, as: UTF8.self))
        case .command(let session):
            return command(line, session, nil)
        case .transaction(let session, let transaction):
            return command(line, session, transaction)
        default:
            illegalTransition("commandLine")
        }
    }

    /// The framer dropped an over-long line (RFC 5321 §4.5.3.1.4, RFC 4954 §4).
    public mutating func lineTooLong() -> Action {
        switch state {
        case .authenticating(var session):
            session.errors += 1
            state = .command(session)
            return .cancelAuthentication(.authLineTooLong)
        case .command(var session):
            if let limit = errorLimitReached(session, nil) { return limit }
            session.errors += 1
            state = .command(session)
            return .send(.lineTooLong)
        case .transaction(var session, let transaction):
            if let limit = errorLimitReached(session, transaction) { return limit }
            session.errors += 1
            state = .transaction(session, transaction)
            return .send(.lineTooLong)
        default:
            illegalTransition("lineTooLong")
        }
    }

    // MARK: - Driver answers

    /// The SASL exchange wants to send a challenge (base64, possibly empty): `334`.
    public mutating func authenticationChallenge(_ base64: String) -> Action {
        guard case .authenticating = state else { illegalTransition("authenticationChallenge") }
        return .send(.challenge(base64))
    }

    /// The SASL exchange ended.
    public mutating func authenticationFinished(_ outcome: AuthenticationOutcome) -> Action {
        guard case .authenticating(var session) = state else { illegalTransition("authenticationFinished") }
        let reply: SMTPReply
        switch outcome {
        case .succeeded(let identity):
            session.identity = identity
            reply = .authSucceeded
        case .invalidCredentials: reply = .authFailed
        case .cancelled: reply = .authCancelled
        case .malformedResponse: reply = .authMalformed
        case .temporaryFailure: reply = .authTemporaryFailure
        }
        if reply.isFailure { session.errors += 1 }
        state = .command(session)
        return .send(reply)
    }

    /// The sender policy answered the last ``Action/checkSender(_:identity:)``: the transaction opens, or
    /// the MAIL is refused (Postfix `reject_sender_login_mismatch`: `553 5.7.1`).
    public mutating func senderChecked(_ verdict: PolicyVerdict) -> Action {
        guard case .checkingSender(var session, let transaction) = state else { illegalTransition("senderChecked") }
        switch verdict {
        case .accept:
            state = .transaction(session, transaction)
            return .send(.senderOK)
        case .reject(let reply):
            if reply.isFailure { session.errors += 1 }
            state = .command(session)
            return .send(reply)
        }
    }

    /// The recipient policy answered the last ``Action/checkRecipient(_:_:)``.
    public mutating func recipientChecked(_ verdict: PolicyVerdict) -> Action {
        guard case .checkingRecipient(var session, var transaction, let recipient) = state else {
            illegalTransition("recipientChecked")
        }
        defer { state = .transaction(session, transaction) }
        switch verdict {
        case .accept:
            transaction.recipients.append(recipient)
            return .send(.recipientOK)
        case .reject(let reply):
            if reply.isFailure { session.errors += 1 }
            return .send(reply)
        }
    }

    // MARK: - Internals

    /// Postfix checks the error count before reading each command.
    mutating func errorLimitReached(_ session: Session, _ transaction: Transaction?) -> Action? {
        guard session.errors >= configuration.errorLimit else { return nil }
        state = .closed
        let reply = SMTPReply.tooManyErrors(configuration.hostname)
        return transaction?.chunking == true ? .abortMessage([reply], close: true) : .sendAndClose(reply)
    }

    func illegalTransition(_ event: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
        preconditionFailure("SMTPServerMachine: \(event) in state \(state)", file: file, line: line)
    }
}
