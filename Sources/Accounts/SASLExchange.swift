import Foundation

/// The server side of one SASL exchange (RFC 4422 §3) for PLAIN (RFC 4616) or LOGIN
/// (draft-murchison-sasl-login-00), without I/O: the driver feeds it the client's lines and carries out the
/// `SASLAction`s it returns, then checks the credentials with the `Authenticator`.
///
/// Theory of operation. The driver calls `start(initialResponse:)` once, with the initial response of
/// `AUTH PLAIN dGVzdA==` (RFC 4954 §4, IMAP SASL-IR RFC 4959) when there is one (`=` means empty),
/// then `receive(_:)` with each client line (CRLF removed) while the last action was `.challenge`.
///
///     PLAIN:  start ──(no initial response)──▶ awaitingPlainMessage ──(message)──▶ done
///             start ──(initial response)──────────────────────────────────────────▶ done
///     LOGIN:  start ──▶ awaitingUsername ──("Username:" answered)──▶ awaitingPassword ──▶ done
///             start ──(initial response = username)──────────────▶ awaitingPassword ──▶ done
///
/// A line `*` cancels in any state (RFC 4954 §4). Every state ends in `.credentials` or `.failed`; feeding
/// a finished exchange is a driver bug.
public struct SASLExchange: Sendable {
    private enum State: Sendable {
        case initial
        case awaitingPlainMessage
        case awaitingUsername
        case awaitingPassword(username: String)
        case finished
    }

    /// LOGIN's challenges, which clients recognise by text (draft-murchison-sasl-login-00 §2.1).
    private static let usernameChallenge = Data("Username:".utf8).base64EncodedString()
    private static let passwordChallenge = Data("Password:".utf8).base64EncodedString()

    public let mechanism: SASLMechanism
    private var state = State.initial

    public init(mechanism: SASLMechanism) {
        self.mechanism = mechanism
    }

    /// Begins the exchange, with the client's initial response (base64, or `=` for an empty one) if any.
    public mutating func start(initialResponse: String?) -> SASLAction {
        guard case .initial = state else { illegalTransition("start called twice") }
        switch (mechanism, initialResponse) {
        case (.plain, nil):
            state = .awaitingPlainMessage
            return .challenge("")
        case (.login, nil):
            state = .awaitingUsername
            return .challenge(Self.usernameChallenge)
        case (.plain, let response?):
            return finish(decoding: response, with: Self.plainCredentials)
        case (.login, let response?):
            return receiveUsername(response)
        }
    }

    /// Takes the client's answer to the last challenge.
    public mutating func receive(_ line: String) -> SASLAction {
        switch state {
        case .awaitingPlainMessage:
            return finish(decoding: line, with: Self.plainCredentials)
        case .awaitingUsername:
            return receiveUsername(line)
        case .awaitingPassword(let username):
            return finish(decoding: line) { bytes in
                Self.text(bytes).map { .credentials(login: username, password: $0) } ?? .failed(.malformedResponse)
            }
        case .initial, .finished:
            illegalTransition("receive called without an outstanding challenge")
        }
    }

    private mutating func receiveUsername(_ line: String) -> SASLAction {
        switch Self.decode(line) {
        case .success(let bytes):
            guard let username = Self.text(bytes), !username.isEmpty else { return fail(.malformedResponse) }
            state = .awaitingPassword(username: username)
            return .challenge(Self.passwordChallenge)
        case .failure(let failure):
            return fail(failure)
        }
    }

    private mutating func finish(decoding line: String, with interpret: ([UInt8]) -> SASLAction) -> SASLAction {
        state = .finished
        switch Self.decode(line) {
        case .success(let bytes): return interpret(bytes)
        case .failure(let failure): return .failed(failure)
        }
    }

    private mutating func fail(_ failure: SASLFailure) -> SASLAction {
        state = .finished
        return .failed(failure)
    }

    /// RFC 4616 §2; an authzid must name the authcid itself, since nobody may act as another user.
    private static func plainCredentials(_ bytes: [UInt8]) -> SASLAction {
        guard let message = SASLPlainMessage(bytes) else { return .failed(.malformedResponse) }
        if let authzid = message.authorizationIdentity,
           authzid.lowercased() != message.authenticationIdentity.lowercased() {
            return .failed(.authorizationDenied)
        }
        return .credentials(login: message.authenticationIdentity, password: message.password)
    }

    /// A client line as bytes: `*` cancels, `=` is an empty initial response (RFC 4954 §4).
    private static func decode(_ line: String) -> Result<[UInt8], SASLFailure> {
        switch line {
        case "*": return .failure(.cancelled)
        case "=": return .success([])
        default:
            guard let data = Data(base64Encoded: line) else { return .failure(.invalidBase64) }
            return .success(Array(data))
        }
    }

    /// LOGIN's username or password: UTF-8 without NUL (a C-string boundary further down).
    private static func text(_ bytes: [UInt8]) -> String? {
        guard !bytes.contains(0) else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    private func illegalTransition(_ event: String) -> Never {
        preconditionFailure("SASLExchange(\(mechanism)): \(event) in state \(state)")
    }
}

extension SASLExchange {
    /// Starts an exchange for the mechanism a client named (`AUTH PLAIN dGVzdA==`): the exchange and its
    /// first step; `nil` when mailroom does not offer that mechanism. The SMTP and POP3 drivers share it.
    public static func begin(mechanism name: String, initialResponse: String?) -> (exchange: SASLExchange, step: SASLAction)? {
        guard let mechanism = SASLMechanism(name: name) else { return nil }
        var exchange = SASLExchange(mechanism: mechanism)
        let step = exchange.start(initialResponse: initialResponse)
        return (exchange, step)
    }
}
