import NIOCore

/// The server side of one POP3 session (RFC 1939 §3-6; CAPA RFC 2449; STLS RFC 2595; AUTH RFC 5034;
/// response codes RFC 3206), without I/O, clocks or logging. The driver feeds events and carries out
/// the ``Action`` each returns.
///
/// Theory of operation. States and the events that leave them:
///
///     idle ──connectionOpened──▶ authorization
///     authorization ──PASS──▶ verifying ──loginFinished──▶ transaction | authorization
///     authorization ──AUTH──▶ authenticating ──authenticationFinished──▶ transaction | authorization
///     authorization ──STLS──▶ startingTLS ──tlsEstablished──▶ authorization (USER forgotten, RFC 2595 §4)
///     transaction ──RETR/TOP──▶ sendingMessage ──messageSent / messageUnavailable──▶ transaction
///     transaction ──QUIT──▶ updating ──updateFinished──▶ closed          (the UPDATE state, RFC 1939 §6)
///     authorization ──QUIT / error limit / timedOut──▶ closed
///     transaction ──error limit / timedOut──▶ closed                     (no UPDATE: nothing deleted)
///
/// - Only QUIT in the TRANSACTION state reaches UPDATE, so a dropped or timed-out connection deletes
///   nothing; deletions are marks in the machine until then (RFC 1939 §6, §8).
/// - Messages are numbered from the ``MaildropListing`` taken at login; later deliveries are not seen.
/// - Commands are handled one at a time, so PIPELINING (RFC 2449 §6.6) needs a driver that feeds the
///   next line only after it has carried out the last action. Responses keep command order.
/// - Every `-ERR` to a client command counts as an error; once `errorLimit` is reached, any command but
///   QUIT is answered `-ERR Too many errors.` and the session ends.
/// - Events that cannot happen in the current state are driver bugs: `illegalTransition` stops the
///   process, as in `SASLExchange`. Nothing a peer sends can reach it.
public struct POP3ServerMachine: Sendable {
    enum State: Sendable {
        case idle
        case authorization(Session)
        case verifying(Session)
        case authenticating(Session)
        case startingTLS(Session)
        case transaction(Session, Maildrop)
        case sendingMessage(Session, Maildrop)
        case updating
        case closed
    }

    /// The listener's settings.
    public let configuration: POP3ServerConfiguration
    var state = State.idle

    public init(configuration: POP3ServerConfiguration) {
        self.configuration = configuration
    }

    /// True once the machine has asked for the connection to close.
    public var isClosed: Bool {
        if case .closed = state { return true }
        return false
    }

    /// The line limit the framer should use for the next line (RFC 2449 §4; RFC 5034 §4 inside AUTH).
    public var maximumLineLength: Int {
        if case .authenticating = state { return POP3Limits.authenticationLineLength }
        return POP3Limits.commandLineLength
    }

    // MARK: - Connection events

    /// The connection is up (after the handshake on pop3s): the greeting (RFC 1939 §4).
    public mutating func connectionOpened() -> Action {
        guard case .idle = state else { illegalTransition("connectionOpened") }
        state = .authorization(Session(tlsActive: configuration.tlsActive))
        return .send(.ok(configuration.greeting))
    }

    /// The TLS handshake after ``Action/startTLS(_:)`` completed; the USER name given before is
    /// forgotten (RFC 2595 §4).
    public mutating func tlsEstablished() -> Action {
        guard case .startingTLS(let session) = state else { illegalTransition("tlsEstablished") }
        state = .authorization(Session(tlsActive: true, errors: session.errors))
        return .nothing
    }

    /// The driver's idle timer fired (RFC 1939 §3: the autologout timer). The session ends without the
    /// UPDATE state, so nothing is deleted.
    public mutating func timedOut() -> Action {
        defer { state = .closed }
        switch state {
        case .idle, .closed: illegalTransition("timedOut")
        case .authorization, .authenticating, .startingTLS, .transaction: return .sendAndClose(.inactivity)
        case .verifying, .sendingMessage, .updating: return .close
        }
    }

    // MARK: - Lines

    /// A line the framer delivered (CRLF removed).
    public mutating func commandLine(_ line: ByteBuffer) -> Action {
        switch state {
        case .authenticating:
            return .continueAuthentication(String(decoding: line.readableBytesView, as: UTF8.self))
        case .authorization(let session):
            return command(line, session, nil)
        case .transaction(let session, let maildrop):
            return command(line, session, maildrop)
        default:
            illegalTransition("commandLine")
        }
    }

    /// The framer dropped an over-long line (RFC 2449 §4).
    public mutating func lineTooLong() -> Action {
        switch state {
        case .authenticating(var session):
            session.errors += 1
            state = .authorization(session)
            return .cancelAuthentication(.lineTooLong)
        case .authorization(let session):
            return errorLimitReached(session) ?? fail(.lineTooLong, session, nil)
        case .transaction(let session, let maildrop):
            return errorLimitReached(session) ?? fail(.lineTooLong, session, maildrop)
        default:
            illegalTransition("lineTooLong")
        }
    }

    // MARK: - Driver answers

    /// The SASL exchange wants to send a challenge (base64, possibly empty): `+ ` (RFC 5034 §4).
    public mutating func authenticationChallenge(_ base64: String) -> Action {
        guard case .authenticating = state else { illegalTransition("authenticationChallenge") }
        return .send(.continuation(base64))
    }

    /// The SASL exchange ended; with credentials, the driver has checked them and opened the maildrop.
    public mutating func authenticationFinished(_ outcome: AuthenticationOutcome) -> Action {
        guard case .authenticating(let session) = state else { illegalTransition("authenticationFinished") }
        switch outcome {
        case .login(let result): return loggedIn(result, session)
        case .cancelled: return fail(.authenticationCancelled, session, nil)
        case .malformedResponse: return fail(.authenticationMalformed, session, nil)
        }
    }

    /// The answer to ``Action/verifyLogin(user:password:)``.
    public mutating func loginFinished(_ result: LoginResult) -> Action {
        guard case .verifying(let session) = state else { illegalTransition("loginFinished") }
        return loggedIn(result, session)
    }

    /// The message of the last ``Action/sendMessage(_:id:topLines:)`` went out whole.
    public mutating func messageSent() -> Action {
        guard case .sendingMessage(let session, let maildrop) = state else { illegalTransition("messageSent") }
        state = .transaction(session, maildrop)
        return .nothing
    }

    /// The message of the last ``Action/sendMessage(_:id:topLines:)`` could not be opened; nothing was
    /// written. Not the client's error, so not counted.
    public mutating func messageUnavailable() -> Action {
        guard case .sendingMessage(let session, let maildrop) = state else {
            illegalTransition("messageUnavailable")
        }
        state = .transaction(session, maildrop)
        return .send(.messageUnreadable)
    }

    /// The answer to ``Action/applyDeletions(_:)``: the end of the session (RFC 1939 §6).
    public mutating func updateFinished(_ outcome: UpdateOutcome) -> Action {
        guard case .updating = state else { illegalTransition("updateFinished") }
        state = .closed
        return .sendAndClose(outcome == .applied ? .signingOffDeleted : .updateFailed)
    }

    // MARK: - Internals

    private mutating func loggedIn(_ result: LoginResult, _ session: Session) -> Action {
        var session = session
        session.user = nil
        let response: POP3Response
        switch result {
        case .succeeded(let listing):
            state = .transaction(session, Maildrop(listing: listing))
            return .send(.loggedIn)
        case .invalidCredentials: response = .authenticationFailed
        case .inUse: response = .inUse
        case .loginDelay: response = .loginDelay
        case .temporaryFailure: response = .temporaryFailure
        case .permanentFailure: response = .permanentFailure
        }
        return fail(response, session, nil)
    }

    /// The limit is checked before each command, as Postfix and the SMTP machine do.
    mutating func errorLimitReached(_ session: Session) -> Action? {
        guard session.errors >= configuration.errorLimit else { return nil }
        state = .closed
        return .sendAndClose(.tooManyErrors)
    }

    func illegalTransition(_ event: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
        preconditionFailure("POP3ServerMachine: \(event) in state \(state)", file: file, line: line)
    }
}
