import NIOCore

// MARK: - Commands (RFC 1939 §4-7, RFC 2449 §5, RFC 2595 §4, RFC 5034 §4)

extension POP3ServerMachine {
    /// One command line in the AUTHORIZATION (`maildrop == nil`) or TRANSACTION state.
    mutating func command(_ line: ByteBuffer, _ session: Session, _ maildrop: Maildrop?) -> Action {
        let command: POP3Command
        do {
            command = try POP3Command(parsing: line)
        } catch {
            return errorLimitReached(session) ?? fail(error.response, session, maildrop)
        }
        // QUIT still works at the limit, so a client that erred keeps its deletions.
        if command != .quit, let limit = errorLimitReached(session) { return limit }
        if command == .capabilities { return succeed(capabilities(session), session, maildrop) }
        if let maildrop {
            if command.isAuthorizationCommand { return fail(.alreadyAuthenticated, session, maildrop) }
            return transaction(command, session, maildrop)
        }
        return authorization(command, session)
    }

    // MARK: AUTHORIZATION (RFC 1939 §4, §7)

    private mutating func authorization(_ command: POP3Command, _ session: Session) -> Action {
        var session = session
        switch command {
        case .user(let name):
            guard plaintextAllowed(session) else { return fail(.plaintextDisallowed, session, nil) }
            session.user = name
            return succeed(.userAccepted, session, nil)
        case .pass(let password):
            guard plaintextAllowed(session) else { return fail(.plaintextDisallowed, session, nil) }
            guard let user = session.user else { return fail(.noUsername, session, nil) }
            state = .verifying(session)
            return .verifyLogin(user: user, password: password)
        case .auth(nil, _):
            // RFC 1734's listing form, which Dovecot still answers.
            let mechanisms = plaintextAllowed(session) ? configuration.authenticationMechanisms : []
            return succeed(.ok("", lines: mechanisms), session, nil)
        case .auth(let mechanism?, let initialResponse):
            guard plaintextAllowed(session) else { return fail(.plaintextDisallowed, session, nil) }
            guard configuration.authenticationMechanisms.contains(mechanism) else {
                return fail(.unsupportedMechanism, session, nil)
            }
            state = .authenticating(session)
            return .startAuthentication(mechanism: mechanism, initialResponse: initialResponse)
        case .startTLS:
            guard configuration.offersSTLS else { return fail(.tlsNotOffered, session, nil) }
            guard !session.tlsActive else { return fail(.tlsAlreadyActive, session, nil) }
            state = .startingTLS(session)
            return .startTLS(.beginTLS)
        case .quit:
            state = .closed
            return .sendAndClose(.signingOff)
        default:
            return fail(.notAuthenticated, session, nil)
        }
    }

    // MARK: TRANSACTION (RFC 1939 §5, §7)

    private mutating func transaction(_ command: POP3Command, _ session: Session, _ maildrop: Maildrop) -> Action {
        var maildrop = maildrop
        switch command {
        case .stat:
            return succeed(.ok("\(maildrop.liveCount) \(maildrop.liveSize)"), session, maildrop)
        case .list(nil):
            let text = POP3Response.scanListing(count: maildrop.liveCount, size: maildrop.liveSize)
            let lines = maildrop.live.map { "\($0.number) \($0.message.size)" }
            return succeed(.ok(text, lines: lines), session, maildrop)
        case .list(let number?):
            guard let message = maildrop.message(number) else { return noSuchMessage(number, session, maildrop) }
            return succeed(.ok("\(number) \(message.size)"), session, maildrop)
        case .uniqueIDList(nil):
            let lines = maildrop.live.map { "\($0.number) \($0.message.uniqueID)" }
            return succeed(.ok("", lines: lines), session, maildrop)
        case .uniqueIDList(let number?):
            guard let message = maildrop.message(number) else { return noSuchMessage(number, session, maildrop) }
            return succeed(.ok("\(number) \(message.uniqueID)"), session, maildrop)
        case .retrieve(let number):
            guard let message = maildrop.message(number) else { return noSuchMessage(number, session, maildrop) }
            state = .sendingMessage(session, maildrop)
            return .sendMessage(.ok("\(message.size) octets"), id: message.id, topLines: nil)
        case .top(let number, let lines):
            guard let message = maildrop.message(number) else { return noSuchMessage(number, session, maildrop) }
            state = .sendingMessage(session, maildrop)
            return .sendMessage(.topFollows, id: message.id, topLines: lines)
        case .delete(let number):
            guard maildrop.message(number) != nil else {
                if maildrop.deleted.contains(number - 1) { return fail(.alreadyDeleted(number), session, maildrop) }
                return noSuchMessage(number, session, maildrop)
            }
            maildrop.deleted.insert(number - 1)
            return succeed(.deleted(number), session, maildrop)
        case .noop:
            return succeed(.noop, session, maildrop)
        case .reset:
            maildrop.deleted = []
            let text = "maildrop has " + POP3Response.scanListing(count: maildrop.liveCount, size: maildrop.liveSize)
            return succeed(.ok(text), session, maildrop)
        case .quit:
            let ids = maildrop.deleted.sorted().map { maildrop.listing.messages[$0].id }
            guard !ids.isEmpty else {
                state = .closed
                return .sendAndClose(.signingOff)
            }
            state = .updating
            return .applyDeletions(ids)
        case .user, .pass, .auth, .startTLS, .capabilities:
            illegalTransition("authorization command \(command) in transaction()")
        }
    }

    private mutating func noSuchMessage(_ number: Int, _ session: Session, _ maildrop: Maildrop) -> Action {
        let count = maildrop.listing.messages.count
        let response = number >= 1 && number <= count ? POP3Response.noSuchMessage : .noSuchMessage(count: count)
        return fail(response, session, maildrop)
    }

    /// Sends a positive response; the state becomes AUTHORIZATION or TRANSACTION with this session.
    private mutating func succeed(_ response: POP3Response, _ session: Session, _ maildrop: Maildrop?) -> Action {
        state = maildrop.map { .transaction(session, $0) } ?? .authorization(session)
        return .send(response)
    }

    /// Sends a refusal, counting it.
    mutating func fail(_ response: POP3Response, _ session: Session, _ maildrop: Maildrop?) -> Action {
        var session = session
        session.errors += 1
        state = maildrop.map { .transaction(session, $0) } ?? .authorization(session)
        return .send(response)
    }
}
