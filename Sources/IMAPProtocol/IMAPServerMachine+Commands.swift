// MARK: - Commands (RFC 9051 §6)

extension IMAPServerMachine {
    /// A complete command in a reading state.
    mutating func command(_ tagged: TaggedCommand, _ phase: Phase) -> Action {
        let tag = tagged.tag
        if let refusal = Self.stateRefusal(tagged.command.validity, phase) { return bad(tag, refusal, phase) }
        switch tagged.command {
        case .capability:
            return respond([.untagged(.capability(capabilities)), Self.completed(tag, "CAPABILITY")], phase)
        case .noop, .check:
            guard case .selected = phase else { return respond([Self.completed(tag, tagged.command.verb)], phase) }
            return perform(tag, tagged.command.verb, .noop, phase)
        case .logout:
            // RFC 9051 §6.1.3: BYE, then the completion, then the server closes.
            state = .closed
            return .sendAndClose([.untagged(.bye(code: nil, text: "Logging out")), Self.completed(tag, "LOGOUT")])
        case .id:
            return respond([.untagged(.id(configuration.identity)), Self.completed(tag, "ID")], phase)
        case .namespace:
            let personal = NamespaceDescription(prefix: "", delimiter: Self.hierarchyDelimiter)
            return respond([.untagged(.namespace(NamespaceResponse(personal: [personal]))),
                            Self.completed(tag, "NAMESPACE")], phase)
        case .startTLS:
            return startTLS(tag)
        case .authenticate(let mechanism, let initialResponse):
            return authenticate(tag, mechanism: mechanism, initialResponse: initialResponse)
        case .login(let username, let password):
            return login(tag, username: username, password: password)
        case .enable(let names):
            return enable(tag, names, phase)
        case .select(let name, let parameters):
            return select(tag, name, parameters, readOnly: false, phase)
        case .examine(let name, let parameters):
            return select(tag, name, parameters, readOnly: true, phase)
        case .idle:
            state = .idling(tag: tag, phase)
            return .startIdling([.continuation(.text("idling"))])
        default:
            return mailboxCommand(tag, tagged.command, phase)
        }
    }

    /// The commands the driver carries out, once their mailbox names decode.
    private mutating func mailboxCommand(_ tag: String, _ command: IMAPCommand, _ phase: Phase) -> Action {
        let verb = command.verb
        let request: MailboxCommand
        switch command {
        case .create(let name, let specialUse):
            guard let name = decode(name) else { return invalidName(tag, phase) }
            request = .create(name, specialUse: specialUse)
        case .delete(let name):
            guard let name = decode(name) else { return invalidName(tag, phase) }
            request = .delete(name)
        case .rename(let from, let to):
            guard let from = decode(from), let to = decode(to) else { return invalidName(tag, phase) }
            request = .rename(from: from, to: to)
        case .subscribe(let name):
            guard let name = decode(name) else { return invalidName(tag, phase) }
            request = .subscribe(name)
        case .unsubscribe(let name):
            guard let name = decode(name) else { return invalidName(tag, phase) }
            request = .unsubscribe(name)
        case .status(let name, let attributes):
            guard let name = decode(name) else { return invalidName(tag, phase) }
            request = .status(name, attributes)
        case .list(let list): request = .list(list)
        case .lsub(let reference, let pattern): request = .lsub(reference: reference, pattern: pattern)
        case .copy(let set, let name, let byUID):
            guard let name = decode(name) else { return invalidName(tag, phase) }
            request = .copy(set, name, byUID: byUID)
        case .move(let set, let name, let byUID):
            guard let name = decode(name) else { return invalidName(tag, phase) }
            request = .move(set, name, byUID: byUID)
        case .fetch(let fetch): request = .fetch(fetch)
        case .store(let store): request = .store(store)
        case .search(let search, let byUID): request = .search(search, byUID: byUID)
        case .expunge: request = .expunge
        case .uidExpunge(let set): request = .uidExpunge(set)
        case .close, .unselect:
            guard case .selected(let mailbox) = phase else { illegalTransition("\(verb) outside selected") }
            // RFC 9051 §6.4.1: CLOSE removes \Deleted messages only when the mailbox is read-write.
            let request: MailboxCommand = command == .close ? .close(expunge: !mailbox.readOnly) : .unselect
            return perform(tag, verb, request, phase, then: .authenticated)
        default:
            illegalTransition("mailboxCommand(\(verb))")
        }
        if case .selected(let mailbox) = phase, mailbox.readOnly, request.changesMailbox {
            return respond([Self.tagged(tag, .no, nil, "Mailbox is read-only")], phase)
        }
        return perform(tag, verb, request, phase)
    }

    /// Hands `command` to the driver; `then` is the state after it (the same unless it closes the mailbox).
    mutating func perform(_ tag: String, _ verb: String, _ command: MailboxCommand, _ phase: Phase,
                          then: Phase? = nil) -> Action {
        let allowed = Self.expungesAllowed(during: command, phase)
        state = .working(tag: tag, verb: verb, expungesAllowed: allowed, then: then ?? phase)
        return .perform(CommandRequest(tag: tag, command: command, expungesAllowed: allowed,
                                       utf8Names: session.utf8Names))
    }

    /// RFC 9051 §7.4.1: no EXPUNGE while responding to FETCH, STORE or SEARCH (the UID forms may have
    /// them), none outside the selected state, and none when the mailbox is being closed (§6.4.1).
    static func expungesAllowed(during command: MailboxCommand, _ phase: Phase) -> Bool {
        guard case .selected = phase else { return false }
        switch command {
        case .fetch(let fetch): return fetch.byUID
        case .store(let store): return store.byUID
        case .search(_, let byUID): return byUID
        case .close, .unselect: return false
        default: return true
        }
    }

    /// The refusal of a command sent in the wrong state (RFC 9051 §6: a protocol error, `BAD`), or nil.
    static func stateRefusal(_ validity: IMAPCommandValidity, _ phase: Phase) -> String? {
        switch (validity, phase) {
        case (.anyState, _), (.notAuthenticated, .notAuthenticated), (.authenticatedOnly, .authenticated),
             (.authenticated, .authenticated), (.authenticated, .selected), (.selected, .selected):
            nil
        case (.notAuthenticated, _): "Already authenticated"
        case (_, .notAuthenticated): "Command not valid before login"
        case (.authenticatedOnly, _): "ENABLE is valid only before a mailbox is selected"
        case (.selected, _): "No mailbox selected"
        }
    }

    /// `tag OK VERB completed`.
    static func completed(_ tag: String, _ verb: String, _ code: ResponseCode? = nil) -> ServerResponse {
        tagged(tag, .ok, code, "\(verb) completed")
    }

    /// The Unicode name, or nil when it is not valid modified UTF-7 / UTF-8 for this session.
    func decode(_ name: MailboxName) -> String? {
        try? name.decoded(utf8Names: session.utf8Names)
    }

    private mutating func invalidName(_ tag: String, _ phase: Phase) -> Action {
        bad(tag, "Invalid mailbox name", phase)
    }

    // MARK: ENABLE (RFC 9051 §6.3.1, RFC 5161)

    /// Enables what is advertised and ignores the rest; `* ENABLED` lists what this command enabled.
    private mutating func enable(_ tag: String, _ names: [String], _ phase: Phase) -> Action {
        var enabled: [String] = []
        for name in names {
            switch name.uppercased() {
            case "IMAP4REV2" where session.revision == .imap4rev1:
                session.revision = .imap4rev2
                enabled.append("IMAP4rev2")
            case "UTF8=ACCEPT" where !session.utf8Accepted && configuration.advertises("UTF8=ACCEPT"):
                session.utf8Accepted = true
                enabled.append("UTF8=ACCEPT")
            case "CONDSTORE" where !session.condstoreEnabled && configuration.advertises("CONDSTORE"):
                session.condstoreEnabled = true
                enabled.append("CONDSTORE")
            default:
                break
            }
        }
        return respond([.untagged(.enabled(enabled)), Self.completed(tag, "ENABLE")], phase)
    }

    // MARK: STARTTLS (RFC 9051 §6.2.1)

    private mutating func startTLS(_ tag: String) -> Action {
        guard !session.tlsActive else { return bad(tag, "TLS is already active", .notAuthenticated) }
        guard configuration.offersSTARTTLS else { return bad(tag, "STARTTLS is not offered", .notAuthenticated) }
        state = .startingTLS
        return .startTLS([Self.tagged(tag, .ok, nil, "Begin TLS negotiation now")])
    }
}

extension IMAPServerMachine.MailboxCommand {
    /// The command changes the selected mailbox, which an EXAMINEd one refuses (RFC 9051 §6.3.3).
    var changesMailbox: Bool {
        switch self {
        case .store, .move, .expunge, .uidExpunge: true
        default: false
        }
    }
}
