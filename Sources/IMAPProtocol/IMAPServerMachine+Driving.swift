// MARK: - What every driver does with an action (RFC 9051 §4.3, §6.2.1, §6.2.2; RFC 2177 §3)

extension IMAPServerMachine.Action {
    /// The responses the action writes, in order, before any work it asks for.
    public var responses: [ServerResponse] {
        switch self {
        case .send(let responses), .sendAndClose(let responses), .refuseLiteral(let responses),
             .startTLS(let responses), .abortAppend(let responses), .startIdling(let responses),
             .stopIdling(let responses):
            responses
        case .challenge(let challenge): [.continuation(challenge)]
        case .nothing, .close, .authenticate, .select, .perform, .beginAppend, .append: []
        }
    }

    /// The connection closes once ``responses`` are written.
    public var closesConnection: Bool {
        switch self {
        case .sendAndClose, .close: true
        default: false
        }
    }
}

extension IMAPCommandParser {
    /// Puts the parser where `action` needs it before the next part is asked for: a refused literal
    /// dropped, plaintext behind STARTTLS discarded (RFC 9051 §11.1), the next line read as a SASL
    /// response (§6.2.2) or as IDLE's DONE (RFC 2177 §3). Every driver calls this for every action, so
    /// none can forget a mode and hand the machine a part it cannot take.
    public mutating func follow(_ action: IMAPServerMachine.Action) {
        switch action {
        case .refuseLiteral: refuseLiteral()
        case .startTLS: discardBufferedInput()
        case .challenge: expectAuthenticationResponse()
        case .startIdling: expectIdleDone()
        default: break
        }
    }
}
