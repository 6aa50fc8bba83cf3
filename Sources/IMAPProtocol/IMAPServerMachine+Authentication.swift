// MARK: - LOGIN and AUTHENTICATE (RFC 9051 §6.2.2-§6.2.3, SASL-IR RFC 4959, PLAIN RFC 4616, LOGIN
// draft-murchison-sasl-login-00)

extension IMAPServerMachine {
    /// What an AUTHENTICATE exchange waits for.
    enum SASLStep: Sendable, Hashable {
        /// PLAIN's one message, after an empty challenge (RFC 4616 §2).
        case plainMessage
        /// LOGIN's user name, after `Username:`.
        case loginUsername
        /// LOGIN's password, after `Password:`.
        case loginPassword(username: String)
    }

    /// LOGIN's challenges, base64 of `Username:` and `Password:`, which clients recognise by text.
    static let usernameChallenge = "VXNlcm5hbWU6"
    static let passwordChallenge = "UGFzc3dvcmQ6"

    mutating func login(_ tag: String, username: String, password: String) -> Action {
        guard plaintextAllowed else { return privacyRequired(tag) }
        state = .verifying(tag: tag, verb: "LOGIN")
        return .authenticate(username: username, password: password)
    }

    mutating func authenticate(_ tag: String, mechanism: String, initialResponse: String?) -> Action {
        let step: SASLStep
        switch mechanism {
        case "PLAIN": step = .plainMessage
        case "LOGIN": step = .loginUsername
        default:
            // RFC 9051 §6.2.2: an unsupported mechanism is refused with NO.
            return respond([Self.tagged(tag, .no, nil, "Unsupported authentication mechanism")], .notAuthenticated)
        }
        guard plaintextAllowed else { return privacyRequired(tag) }
        guard let initialResponse else { return challenge(tag, step) }
        // SASL-IR (RFC 4959 §3): `=` is an empty initial response.
        return answer(initialResponse == "=" ? "" : initialResponse, tag: tag, step: step)
    }

    /// A part while an AUTHENTICATE exchange waits for the client's line.
    mutating func authenticationPart(_ part: CommandStreamPart, tag: String, step: SASLStep) -> Action {
        switch part {
        case .authenticationResponse(.response(let base64)):
            return answer(base64, tag: tag, step: step)
        case .authenticationResponse(.cancel):
            // RFC 9051 §6.2.2: `*` cancels, answered BAD. The client asked for it, so it is not counted.
            return respond([Self.tagged(tag, .bad, nil, "AUTHENTICATE cancelled")], .notAuthenticated)
        case .error(let error) where error.closesConnection:
            state = .closed
            return .sendAndClose([Self.tagged(tag, .bad, nil, error.text)])
        case .error:
            // RFC 9051 §6.2.2: a line that is not base64 ends the exchange with BAD.
            return bad(tag, "Invalid base64 in AUTHENTICATE", .notAuthenticated)
        case .command(let command):
            // The driver did not put the parser in its AUTHENTICATE mode: the exchange ends, and the
            // command, read as part of it, is not carried out.
            session.badCommands += 1
            return bad(command.tag, "Command sent during AUTHENTICATE", .notAuthenticated,
                       after: [Self.tagged(tag, .bad, nil, "AUTHENTICATE interrupted")])
        default:
            illegalTransition("receive(\(Self.kind(of: part))) during AUTHENTICATE")
        }
    }

    /// The driver's answer to ``Action/authenticate(username:password:)``.
    public mutating func loginFinished(_ result: LoginResult) -> Action {
        if case .closed = state { return .nothing }
        guard case .verifying(let tag, let verb) = state else { illegalTransition("loginFinished") }
        switch result {
        case .succeeded:
            session.authenticated = true
            // RFC 9051 §6.2.3: the completion may carry the capabilities after login.
            return respond([Self.completed(tag, verb, .capability(capabilities))], .authenticated)
        case .invalidCredentials:
            session.failedLogins += 1
            let refusal = Self.tagged(tag, .no, .authenticationFailed, "Authentication failed")
            guard session.failedLogins < configuration.loginFailureLimit else {
                state = .closed
                return .sendAndClose([refusal, .untagged(.bye(code: nil, text: "Too many failed logins"))])
            }
            return respond([refusal], .notAuthenticated)
        case .authorizationFailed:
            return respond([Self.tagged(tag, .no, .authorizationFailed, "Not allowed to log in")], .notAuthenticated)
        case .temporaryFailure:
            return respond([Self.tagged(tag, .no, .unavailable, "Try again later")], .notAuthenticated)
        }
    }

    // MARK: Internals

    private mutating func challenge(_ tag: String, _ step: SASLStep) -> Action {
        state = .authenticating(tag: tag, step)
        switch step {
        case .plainMessage: return .challenge(.challenge(""))
        case .loginUsername: return .challenge(.challenge(Self.usernameChallenge))
        case .loginPassword: return .challenge(.challenge(Self.passwordChallenge))
        }
    }

    /// The client's base64 answer at `step`.
    private mutating func answer(_ base64: String, tag: String, step: SASLStep) -> Action {
        guard let bytes = Base64Text.decode(base64) else {
            return bad(tag, "Invalid base64 in AUTHENTICATE", .notAuthenticated)
        }
        switch step {
        case .plainMessage:
            switch SASLPlainCredentials(bytes) {
            case .credentials(let username, let password):
                state = .verifying(tag: tag, verb: "AUTHENTICATE")
                return .authenticate(username: username, password: password)
            case .otherIdentity:
                return respond([Self.tagged(tag, .no, .authorizationFailed, "Authorization identity refused")],
                               .notAuthenticated)
            case .malformed:
                return malformed(tag)
            }
        case .loginUsername:
            guard let username = SASLPlainCredentials.text(bytes), !username.isEmpty else { return malformed(tag) }
            return challenge(tag, .loginPassword(username: username))
        case .loginPassword(let username):
            guard let password = SASLPlainCredentials.text(bytes) else { return malformed(tag) }
            state = .verifying(tag: tag, verb: "AUTHENTICATE")
            return .authenticate(username: username, password: password)
        }
    }

    private mutating func malformed(_ tag: String) -> Action {
        respond([Self.tagged(tag, .no, .authenticationFailed, "Authentication failed")], .notAuthenticated)
    }

    private mutating func privacyRequired(_ tag: String) -> Action {
        let text = configuration.offersSTARTTLS ? "Plaintext logins are disabled; use STARTTLS" : "Plaintext logins are disabled"
        return respond([Self.tagged(tag, .no, .privacyRequired, text)], .notAuthenticated)
    }
}
