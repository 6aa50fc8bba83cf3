// MARK: - SELECT, EXAMINE and the driver's completions (RFC 9051 §6.3.2-§6.3.3, §7.4.1; RFC 3501 §6.3.1)

extension IMAPServerMachine {
    mutating func select(_ tag: String, _ name: MailboxName, _ parameters: [ExtensionParameter], readOnly: Bool,
                         _ phase: Phase) -> Action {
        guard let mailbox = decode(name) else { return bad(tag, "Invalid mailbox name", phase) }
        // RFC 4466 §2.1: a parameter the server does not implement is BAD. CONDSTORE (RFC 7162 §3.1.8)
        // is taken when advertised, and enables CONDSTORE for the session.
        let known = parameters.allSatisfy {
            $0.name.uppercased() == "CONDSTORE" && $0.value == nil && configuration.advertises("CONDSTORE")
        }
        guard known else { return bad(tag, "Unknown SELECT parameter", phase) }
        if !parameters.isEmpty { session.condstoreEnabled = true }
        var closedPrevious = false
        if case .selected = phase { closedPrevious = true }
        let request = SelectRequest(tag: tag, mailbox: mailbox, readOnly: readOnly, parameters: parameters)
        state = .selecting(request, closedPrevious: closedPrevious)
        return .select(request)
    }

    /// The driver's answer to ``Action/select(_:)``: the response set of the session's revision.
    public mutating func selectFinished(_ result: SelectResult) -> Action {
        if case .closed = state { return .nothing }
        guard case .selecting(let request, let closedPrevious) = state else { illegalTransition("selectFinished") }
        let verb = request.readOnly ? "EXAMINE" : "SELECT"
        // RFC 9051 §7.1: `[CLOSED]` marks where the old mailbox's responses end; IMAP4rev1 has no such code.
        var responses: [ServerResponse] = closedPrevious && session.revision == .imap4rev2
            ? [.untagged(.condition(.ok, code: .closed, text: "Previous mailbox closed"))] : []
        switch result {
        case .failed(let code, let text):
            // RFC 9051 §6.3.2: a failed SELECT leaves no mailbox selected.
            return respond(responses + [Self.tagged(request.tag, .no, code, text)], .authenticated)
        case .selected(let status):
            let readOnly = request.readOnly || status.forcedReadOnly
            responses += selectResponses(status, mailbox: request.mailbox, readOnly: readOnly).map(ServerResponse.untagged)
            responses.append(Self.completed(request.tag, verb, readOnly ? .readOnly : .readWrite))
            return respond(responses, .selected(SelectedMailbox(name: request.mailbox, readOnly: readOnly)))
        }
    }

    /// The untagged responses of a successful SELECT or EXAMINE. IMAP4rev2 (RFC 9051 §6.3.2): EXISTS,
    /// FLAGS, PERMANENTFLAGS, UIDVALIDITY, UIDNEXT, and a LIST of the mailbox. IMAP4rev1 (RFC 3501
    /// §6.3.1): RECENT and UNSEEN as well, no LIST. HIGHESTMODSEQ for either when CONDSTORE is advertised.
    func selectResponses(_ status: SelectedFolderStatus, mailbox: String, readOnly: Bool) -> [UntaggedResponse] {
        let rev2 = session.revision == .imap4rev2
        var responses: [UntaggedResponse] = [.exists(status.exists)]
        if !rev2 {
            responses.append(.recent(status.recent))
            if let unseen = status.firstUnseen {
                responses.append(.condition(.ok, code: .unseen(unseen), text: "Message \(unseen) is first unseen"))
            }
        }
        responses.append(.flags(status.flags))
        let permanent = readOnly ? [] : status.permanentFlags
        responses.append(.condition(.ok, code: .permanentFlags(permanent, allowsNewKeywords: !readOnly && status.allowsNewKeywords),
                                    text: readOnly ? "No permanent flags permitted" : "Flags permitted"))
        responses.append(.condition(.ok, code: .uidValidity(status.uidValidity), text: "UIDs valid"))
        responses.append(.condition(.ok, code: .uidNext(status.uidNext), text: "Predicted next UID"))
        if configuration.advertises("CONDSTORE"), let highest = status.highestModSequence {
            responses.append(.condition(.ok, code: .highestModSequence(highest), text: "Highest"))
        }
        if rev2 {
            responses.append(.list(MailboxListItem(attributes: status.listAttributes, delimiter: Self.hierarchyDelimiter,
                                                   name: mailbox)))
        }
        return responses
    }

    /// The driver's answer to ``Action/perform(_:)`` or to an APPEND's ``AppendPart/finish``: the pending
    /// updates, then the completion.
    public mutating func commandFinished(_ completion: CommandCompletion) -> Action {
        if case .closed = state { return .nothing }
        guard case .working(let tag, let verb, let expungesAllowed, let then) = state else {
            illegalTransition("commandFinished")
        }
        if !expungesAllowed, completion.updates.contains(where: { if case .expunge = $0 { true } else { false } }) {
            illegalTransition("EXPUNGE written during \(verb) (RFC 9051 §7.4.1)")
        }
        // After CLOSE or UNSELECT there is no mailbox the updates could be about.
        var responses: [ServerResponse] = []
        if case .selected = then { responses = completion.updates.map(ServerResponse.untagged) }
        let text = completion.text ?? "\(verb) \(completion.status == .ok ? "completed" : "failed")"
        responses.append(Self.tagged(tag, completion.status, completion.code, text))
        return refuse(responses, closing: false, counted: completion.status == .bad, then)
    }

    // MARK: IDLE (RFC 2177)

    /// Updates the driver noticed during IDLE (new mail, expunges, flag changes from other sessions);
    /// RFC 2177 §3 lets them go out at once.
    public mutating func idleUpdates(_ updates: [UntaggedResponse]) -> Action {
        if case .closed = state { return .nothing }
        guard case .idling(_, let phase) = state else { illegalTransition("idleUpdates") }
        guard case .selected = phase, !updates.isEmpty else { return .nothing }
        return .send(updates.map(ServerResponse.untagged))
    }

    /// A part during IDLE: DONE ends it (RFC 2177 §3); anything else is BAD and ends it too.
    mutating func idlingPart(_ part: CommandStreamPart, tag: String, phase: Phase) -> Action {
        switch part {
        case .idleDone:
            state = .ready(phase)
            return .stopIdling([Self.tagged(tag, .ok, nil, "IDLE terminated")])
        case .error(let error):
            let action = refuse([Self.tagged(tag, .bad, nil, "Expected DONE")], closing: error.closesConnection,
                                counted: true, phase)
            return Self.stoppingIdle(action)
        case .command(let command):
            session.badCommands += 1
            let action = bad(command.tag, "Command sent during IDLE", phase,
                             after: [Self.tagged(tag, .bad, nil, "Expected DONE")])
            return Self.stoppingIdle(action)
        default:
            illegalTransition("receive(\(Self.kind(of: part))) during IDLE")
        }
    }

    /// `.send` becomes `.stopIdling`; closing stops the IDLE anyway.
    private static func stoppingIdle(_ action: Action) -> Action {
        if case .send(let responses) = action { return .stopIdling(responses) }
        return action
    }
}
