/// The server side of one IMAP session (RFC 9051 §3, §6; RFC 3501 for clients that never enable
/// IMAP4rev2; IDLE RFC 2177; SASL-IR RFC 4959; ENABLE RFC 5161), without I/O, clocks or logging. The
/// driver feeds it what ``IMAPCommandParser`` yields and the results of the work it asked for, and
/// carries out the ``Action`` each event returns.
///
/// Theory of operation. The session states of RFC 9051 §3 and the events that leave them:
///
///     notStarted ──connectionOpened──▶ notAuthenticated
///     notAuthenticated ──LOGIN / AUTHENTICATE…──▶ verifying ──loginFinished──▶ authenticated | notAuthenticated
///     notAuthenticated ──AUTHENTICATE──▶ authenticating ──response…──▶ verifying       (`*` cancels: BAD)
///     notAuthenticated ──STARTTLS──▶ startingTLS ──tlsEstablished──▶ notAuthenticated   (all forgotten, §6.2.1)
///     authenticated | selected ──SELECT / EXAMINE──▶ selecting ──selectFinished──▶ selected | authenticated
///     authenticated | selected ──command for the driver──▶ working ──commandFinished──▶ the same state
///     selected ──CLOSE / UNSELECT──▶ working ──commandFinished──▶ authenticated
///     authenticated | selected ──APPEND──▶ appending ──finish──▶ working ──commandFinished──▶ the same state
///     authenticated | selected ──IDLE──▶ idling ──DONE──▶ the same state                 (RFC 2177 §3)
///     any ──LOGOUT / bad-command limit / timedOut / shuttingDown──▶ closed                (`* BYE`, §7.1.5)
///
/// - One command at a time: the driver feeds the next part only after it has carried out the last
///   action's work and reported its result. Responses therefore keep command order.
/// - What the machine owns: the state checks (`BAD` for a command not valid in the state, RFC 9051 §6),
///   CAPABILITY, ID, ENABLE, NAMESPACE, LOGOUT, STARTTLS, the SASL exchange (PLAIN and LOGIN, decoded
///   here so the driver sees only `authenticate(username:password:)`), the SELECT response set for the
///   session's revision, the protocol revision and UTF-8 mode, and the bad-command count.
/// - Sequence numbers and UIDs: the driver owns the selected mailbox's message list, maps sequence
///   numbers to UIDs, and gathers EXISTS, EXPUNGE and FETCH FLAGS updates from other sessions. The
///   machine keeps only the mailbox's name and whether it is read-only, and decides *when* updates may
///   be written: before a tagged completion, during IDLE, and EXPUNGE never before the completion of a
///   FETCH, STORE or SEARCH by sequence number (RFC 9051 §7.4.1); ``CommandRequest/expungesAllowed``
///   carries that decision to the driver, and an update that breaks it is a driver bug.
/// - Wrong credentials count too: at ``IMAPServerConfiguration/loginFailureLimit`` the session ends.
/// - Every `BAD` counts; at ``IMAPServerConfiguration/badCommandLimit`` the session is closed with
///   `* BYE`. `NO` does not count: it answers a valid command the server declined.
/// - Events that cannot happen in the current state are driver bugs: `illegalTransition` stops the
///   process, as in `POP3ServerMachine`. Nothing a peer sends reaches it: a command during IDLE or
///   AUTHENTICATE (possible only when the driver did not set the parser's mode) ends the sub-state, and
///   both get `BAD`. Results of work that arrive after the connection closed are ignored.
public struct IMAPServerMachine: Sendable {
    /// The session states of RFC 9051 §3 in which commands are read.
    enum Phase: Sendable, Hashable {
        case notAuthenticated
        case authenticated
        case selected(SelectedMailbox)
    }

    enum State: Sendable {
        case notStarted
        /// Reading commands.
        case ready(Phase)
        /// AUTHENTICATE waits for the client's answer to a challenge (RFC 9051 §6.2.2).
        case authenticating(tag: String, SASLStep)
        /// The driver checks credentials of LOGIN (`verb`) or AUTHENTICATE.
        case verifying(tag: String, verb: String)
        /// `OK Begin TLS` is out; the handshake runs.
        case startingTLS
        /// The driver opens a mailbox; `closedPrevious` when one was selected before.
        case selecting(SelectRequest, closedPrevious: Bool)
        /// The driver carries out a command; `then` is the state after it.
        case working(tag: String, verb: String, expungesAllowed: Bool, then: Phase)
        /// An APPEND's parts are arriving; `accepted` is false when it was refused at its start and the
        /// rest is swallowed.
        case appending(tag: String, accepted: Bool, then: Phase)
        /// IDLE until DONE (RFC 2177 §3).
        case idling(tag: String, Phase)
        case closed
    }

    /// The listener's settings.
    public let configuration: IMAPServerConfiguration
    var state = State.notStarted
    var session: Session

    public init(configuration: IMAPServerConfiguration) {
        self.configuration = configuration
        session = Session(tlsActive: configuration.tlsActive)
    }

    /// True once the machine has asked for the connection to close.
    public var isClosed: Bool {
        if case .closed = state { return true }
        return false
    }

    /// True during IDLE, the only time ``idleUpdates(_:)`` may be called; at other times the driver
    /// keeps updates for the next ``commandFinished(_:)``.
    public var isIdling: Bool {
        if case .idling = state { return true }
        return false
    }

    /// True after a successful login: the driver's idle timer is then at least 30 minutes (RFC 9051
    /// §5.4), and shorter before.
    public var isAuthenticated: Bool { session.authenticated }

    /// How responses are written now (IMAP4rev2 and UTF8=ACCEPT once enabled).
    public var encodingOptions: ResponseEncodingOptions {
        ResponseEncodingOptions(revision: session.revision, utf8Accepted: session.utf8Accepted)
    }

    /// The selected mailbox's Unicode name and mode, when one is selected.
    public var selectedMailbox: (name: String, readOnly: Bool)? {
        switch state {
        case .ready(.selected(let mailbox)), .idling(_, .selected(let mailbox)),
             .working(_, _, _, .selected(let mailbox)), .appending(_, _, .selected(let mailbox)):
            (mailbox.name, mailbox.readOnly)
        default: nil
        }
    }

    // MARK: - Connection events

    /// The connection is up (after the handshake on imaps): the greeting with the capabilities
    /// (RFC 9051 §7.1.1).
    public mutating func connectionOpened() -> Action {
        guard case .notStarted = state else { illegalTransition("connectionOpened") }
        state = .ready(.notAuthenticated)
        return .send([.untagged(.condition(.ok, code: .capability(capabilities), text: configuration.greeting))])
    }

    /// The TLS handshake after ``Action/startTLS(_:)`` completed. Everything learnt before TLS is
    /// forgotten (RFC 9051 §6.2.1); the bad-command count is kept.
    public mutating func tlsEstablished() -> Action {
        guard case .startingTLS = state else { illegalTransition("tlsEstablished") }
        session = Session(tlsActive: true, badCommands: session.badCommands, failedLogins: session.failedLogins)
        state = .ready(.notAuthenticated)
        return .nothing
    }

    /// The driver's inactivity timer fired (RFC 9051 §5.4: the autologout timer).
    public mutating func timedOut() -> Action {
        end(.bye(code: nil, text: "Autologout; idle for too long"), event: "timedOut")
    }

    /// The server is stopping: `* BYE [UNAVAILABLE]` and close (RFC 9051 §7.1.5).
    public mutating func shuttingDown() -> Action {
        end(.bye(code: .unavailable, text: "Server shutting down"), event: "shuttingDown")
    }

    /// The client closed the connection. Any work still running is the driver's to drop; its result,
    /// if it still arrives, is ignored.
    public mutating func connectionClosed() {
        state = .closed
    }

    // MARK: - Client input

    /// The next part from ``IMAPCommandParser``.
    public mutating func receive(_ part: CommandStreamPart) -> Action {
        switch (state, part) {
        case (.closed, _), (.startingTLS, _):
            // Plaintext pipelined behind STARTTLS is never taken as a command (RFC 9051 §11.1; the
            // injection of CVE-2011-0411), even from a driver that keeps reading before the handshake.
            return .nothing
        case (.authenticating(let tag, let step), _):
            return authenticationPart(part, tag: tag, step: step)
        case (.idling(let tag, let phase), _):
            return idlingPart(part, tag: tag, phase: phase)
        case (.appending(let tag, let accepted, let then), _):
            return appendingPart(part, tag: tag, accepted: accepted, then: then)
        case (.ready(let phase), .command(let command)):
            return self.command(command, phase)
        case (.ready(let phase), .append(let appendPart)):
            return appendStart(appendPart, phase)
        case (.ready, .continuationRequest):
            return .send([Self.readyForLiteral])
        case (.ready(let phase), .error(let error)):
            return refuse(error.responses, closing: error.closesConnection, counted: error.status == .bad, phase)
        case (.ready(let phase), .idleDone):
            return bad(nil, "DONE outside IDLE", phase)
        case (.ready(let phase), .authenticationResponse):
            return bad(nil, "No authentication in progress", phase)
        default:
            illegalTransition("receive(\(Self.kind(of: part)))")
        }
    }

    // MARK: - Internals

    static let readyForLiteral = ServerResponse.continuation(.text("Ready for literal data"))

    /// Writes `bye` and closes, or just closes while the driver is in the middle of work.
    private mutating func end(_ bye: UntaggedResponse, event: String) -> Action {
        defer { state = .closed }
        switch state {
        case .notStarted, .closed: illegalTransition(event)
        case .ready, .authenticating, .appending, .idling: return .sendAndClose([.untagged(bye)])
        // No plaintext in the middle of a handshake, nor inside a response the driver is writing.
        case .startingTLS, .verifying, .selecting, .working: return .close
        }
    }

    /// A tagged response.
    static func tagged(_ tag: String, _ status: ResponseStatus, _ code: ResponseCode? = nil, _ text: String) -> ServerResponse {
        .tagged(TaggedResponse(tag: tag, status: status, code: code, text: text))
    }

    /// Writes `responses` and stays in `phase`.
    mutating func respond(_ responses: [ServerResponse], _ phase: Phase) -> Action {
        state = .ready(phase)
        return .send(responses)
    }

    /// `tag BAD text` (untagged without a tag), counted, after the responses `after` follows.
    mutating func bad(_ tag: String?, _ text: String, _ phase: Phase, after: [ServerResponse] = []) -> Action {
        let response = tag.map { Self.tagged($0, .bad, nil, text) } ?? .untagged(.condition(.bad, code: nil, text: text))
        return refuse(after + [response], closing: false, counted: true, phase)
    }

    /// Writes a refusal; a counted one may reach the bad-command limit, which closes the session.
    mutating func refuse(_ responses: [ServerResponse], closing: Bool, counted: Bool, _ phase: Phase) -> Action {
        if counted { session.badCommands += 1 }
        if closing {
            state = .closed
            return .sendAndClose(responses)
        }
        guard session.badCommands < configuration.badCommandLimit else {
            state = .closed
            return .sendAndClose(responses + [.untagged(.bye(code: nil, text: "Too many invalid commands"))])
        }
        return respond(responses, phase)
    }

    /// The kind of a part, for a crash message that must not carry client data (passwords, names).
    static func kind(of part: CommandStreamPart) -> String {
        switch part {
        case .command(let tagged): "command \(tagged.command.verb)"
        case .append(.start): "APPEND start"
        case .append: "APPEND part"
        case .continuationRequest: "continuation request"
        case .idleDone: "DONE"
        case .authenticationResponse: "authentication response"
        case .error(let error): "error \(error.code)"
        }
    }

    /// The state's name only: its payload holds tags, user names and mailbox names.
    private var stateName: String {
        switch state {
        case .notStarted: "notStarted"
        case .ready(.notAuthenticated): "notAuthenticated"
        case .ready(.authenticated): "authenticated"
        case .ready(.selected): "selected"
        case .authenticating: "authenticating"
        case .verifying: "verifying"
        case .startingTLS: "startingTLS"
        case .selecting: "selecting"
        case .working: "working"
        case .appending: "appending"
        case .idling: "idling"
        case .closed: "closed"
        }
    }

    func illegalTransition(_ event: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
        preconditionFailure("IMAPServerMachine: \(event) in state \(stateName)", file: file, line: line)
    }
}
