import NIOCore

// MARK: - APPEND (RFC 9051 §6.3.12, MULTIAPPEND RFC 3502 §6, BINARY RFC 3516 §4.4)

extension IMAPServerMachine {
    /// An APPEND's first part in a reading state. A refused APPEND still has parts on the way (the
    /// `{n}` the client waits on, or a `{n+}` message already sent); they are swallowed.
    mutating func appendStart(_ part: AppendPart, _ phase: Phase) -> Action {
        guard case .start(let tag, let name) = part else { illegalTransition("receive(\(Self.kind(of: .append(part)))) outside APPEND") }
        let refusal: String? = if case .notAuthenticated = phase {
            "Command not valid before login"
        } else if decode(name) == nil {
            "Invalid mailbox name"
        } else {
            nil
        }
        if let refusal {
            let action = bad(tag, refusal, phase)
            if case .send = action { state = .appending(tag: tag, accepted: false, then: phase) }
            return action
        }
        state = .appending(tag: tag, accepted: true, then: phase)
        return .beginAppend(tag: tag, mailbox: decode(name) ?? "")
    }

    /// The parts after ``AppendPart/start(tag:mailbox:)``.
    mutating func appendingPart(_ part: CommandStreamPart, tag: String, accepted: Bool, then: Phase) -> Action {
        switch part {
        case .append(.start):
            illegalTransition("a second APPEND start")
        case .continuationRequest:
            guard accepted else {
                state = .ready(then)
                return .refuseLiteral([])
            }
            return .send([Self.readyForLiteral])
        case .append(let appendPart) where appendPart != .finish:
            return accepted ? .append(appendPart) : .nothing
        case .append(.finish):
            guard accepted else { return respond([], then) }
            state = .working(tag: tag, verb: "APPEND", expungesAllowed: Self.hasMailbox(then), then: then)
            return .append(.finish)
        case .error(let error):
            guard accepted else {
                // The client had its answer at the start; only a close is still news.
                if error.closesConnection {
                    state = .closed
                    return .sendAndClose([.untagged(.bye(code: .tooBig, text: "Literal too big to skip; closing"))])
                }
                return respond([], then)
            }
            let action = refuse(error.responses, closing: error.closesConnection, counted: error.status == .bad, then)
            if case .send(let responses) = action { return .abortAppend(responses) }
            return action
        default:
            illegalTransition("receive(\(Self.kind(of: part))) during APPEND")
        }
    }

    /// The driver cannot take the APPEND it was asked to begin (``Action/beginAppend(tag:mailbox:)``):
    /// no such mailbox (`NO [TRYCREATE]`, RFC 9051 §6.3.12), no permission. Call it before feeding the
    /// next part: the refusal then goes out before the client's `{n}` gets `+`, and the rest of the
    /// command is swallowed.
    public mutating func appendRefused(_ completion: CommandCompletion) -> Action {
        if case .closed = state { return .nothing }
        guard case .appending(let tag, true, let then) = state else { illegalTransition("appendRefused") }
        let response = Self.tagged(tag, completion.status, completion.code, completion.text ?? "APPEND failed")
        let action = refuse([response], closing: false, counted: completion.status == .bad, then)
        if case .send = action { state = .appending(tag: tag, accepted: false, then: then) }
        return action
    }

    static func hasMailbox(_ phase: Phase) -> Bool {
        if case .selected = phase { return true }
        return false
    }
}
