/// The command grammar (RFC 9051 §9 `command`) over one framed command, dispatching on the verb through
/// a table. The framer (``IMAPCommandParser``) has already checked every literal against the limits and
/// collected its octets.
///
///     command = tag SP (command-any / command-auth / command-nonauth / command-select) CRLF
///     tag     = 1*<any ASTRING-CHAR except "+">
enum CommandGrammar {
    typealias Verb = @Sendable (inout GrammarCursor) throws(GrammarError) -> IMAPCommand

    /// Parses a complete command.
    static func parse(_ bytes: [UInt8], limits: IMAPLimits) -> Result<TaggedCommand, IMAPCommandError> {
        var cursor = GrammarCursor(bytes, depthBudget: limits.searchDepth)
        let tag: String
        do {
            tag = try cursor.tag()
            try cursor.space()
        } catch {
            return .failure(IMAPCommandError(.syntax, tag: nil, text: "Missing or invalid tag"))
        }
        do {
            let name = GrammarCursor.keyword(cursor.take(while: \.isASCIILetter))
            guard let verb = verbs[name] else {
                return .failure(IMAPCommandError(.unknownCommand, tag: tag, text: "Unknown command"))
            }
            let command = try verb(&cursor)
            try cursor.endOfCommand()
            return .success(TaggedCommand(tag: tag, command: command))
        } catch {
            return .failure(IMAPCommandError(grammar: error, tag: tag))
        }
    }

    /// The tag and verb of a command whose first line has arrived, checked before a literal is accepted
    /// so that a command that cannot be valid gets BAD instead of a continuation request.
    static func prefix(_ bytes: [UInt8]) -> Result<(tag: String, verb: String), IMAPCommandError> {
        var cursor = GrammarCursor(bytes)
        guard let tag = try? cursor.tag(), (try? cursor.space()) != nil else {
            return .failure(IMAPCommandError(.syntax, tag: nil, text: "Missing or invalid tag"))
        }
        let verb = GrammarCursor.keyword(cursor.take(while: \.isASCIILetter))
        guard verbs[verb] != nil else {
            return .failure(IMAPCommandError(.unknownCommand, tag: tag, text: "Unknown command"))
        }
        return .success((tag, verb))
    }

    /// The verb table. APPEND is here only to be refused: a well-formed APPEND ends in a literal and is
    /// streamed by the framer, so one that reaches the table has no message.
    static let verbs: [String: Verb] = [
        "CAPABILITY": { (_: inout GrammarCursor) throws(GrammarError) in .capability },
        "NOOP": { (_: inout GrammarCursor) throws(GrammarError) in .noop },
        "LOGOUT": { (_: inout GrammarCursor) throws(GrammarError) in .logout },
        "STARTTLS": { (_: inout GrammarCursor) throws(GrammarError) in .startTLS },
        "NAMESPACE": { (_: inout GrammarCursor) throws(GrammarError) in .namespace },
        "IDLE": { (_: inout GrammarCursor) throws(GrammarError) in .idle },
        "CHECK": { (_: inout GrammarCursor) throws(GrammarError) in .check },
        "CLOSE": { (_: inout GrammarCursor) throws(GrammarError) in .close },
        "UNSELECT": { (_: inout GrammarCursor) throws(GrammarError) in .unselect },
        "EXPUNGE": { (_: inout GrammarCursor) throws(GrammarError) in .expunge },
        "ID": { (c: inout GrammarCursor) throws(GrammarError) in .id(try c.idArguments()) },
        "AUTHENTICATE": { (c: inout GrammarCursor) throws(GrammarError) in try c.authenticateArguments() },
        "LOGIN": { (c: inout GrammarCursor) throws(GrammarError) in try c.loginArguments() },
        "ENABLE": { (c: inout GrammarCursor) throws(GrammarError) in .enable(try c.enableArguments()) },
        "SELECT": { (c: inout GrammarCursor) throws(GrammarError) in
            let (mailbox, parameters) = try c.selectArguments()
            return .select(mailbox, parameters: parameters)
        },
        "EXAMINE": { (c: inout GrammarCursor) throws(GrammarError) in
            let (mailbox, parameters) = try c.selectArguments()
            return .examine(mailbox, parameters: parameters)
        },
        "CREATE": { (c: inout GrammarCursor) throws(GrammarError) in try c.createArguments() },
        "DELETE": { (c: inout GrammarCursor) throws(GrammarError) in .delete(try c.mailboxArgument()) },
        "SUBSCRIBE": { (c: inout GrammarCursor) throws(GrammarError) in .subscribe(try c.mailboxArgument()) },
        "UNSUBSCRIBE": { (c: inout GrammarCursor) throws(GrammarError) in .unsubscribe(try c.mailboxArgument()) },
        "RENAME": { (c: inout GrammarCursor) throws(GrammarError) in
            let from = try c.mailboxArgument()
            return .rename(from: from, to: try c.mailboxArgument())
        },
        "LIST": { (c: inout GrammarCursor) throws(GrammarError) in .list(try c.listArguments()) },
        "LSUB": { (c: inout GrammarCursor) throws(GrammarError) in
            let reference = try c.mailboxArgument()
            try c.space()
            return .lsub(reference: reference, pattern: try c.listMailbox())
        },
        "STATUS": { (c: inout GrammarCursor) throws(GrammarError) in try c.statusArguments() },
        "APPEND": { (_: inout GrammarCursor) throws(GrammarError) in throw .invalid("APPEND needs a message literal") },
        "SEARCH": { (c: inout GrammarCursor) throws(GrammarError) in .search(try c.searchArguments(), byUID: false) },
        "FETCH": { (c: inout GrammarCursor) throws(GrammarError) in .fetch(try c.fetchArguments(byUID: false)) },
        "STORE": { (c: inout GrammarCursor) throws(GrammarError) in .store(try c.storeArguments(byUID: false)) },
        "COPY": { (c: inout GrammarCursor) throws(GrammarError) in
            let (set, mailbox) = try c.copyArguments()
            return .copy(set, mailbox, byUID: false)
        },
        "MOVE": { (c: inout GrammarCursor) throws(GrammarError) in
            let (set, mailbox) = try c.copyArguments()
            return .move(set, mailbox, byUID: false)
        },
        "UID": { (c: inout GrammarCursor) throws(GrammarError) in try c.uidArguments() },
    ]
}

extension GrammarCursor {
    // tag = 1*<any ASTRING-CHAR except "+">
    mutating func tag() throws(GrammarError) -> String {
        let run = take(while: IMAPString.isTagChar)
        guard !run.isEmpty else { throw isAtEnd ? .incomplete : .invalid("Invalid tag") }
        return String(decoding: run, as: UTF8.self)
    }

    /// `SP mailbox`.
    mutating func mailboxArgument() throws(GrammarError) -> MailboxName {
        try space()
        return try mailbox()
    }

    // uid = "UID" SP (copy / move / fetch / search / store / uid-expunge)
    // uid-expunge = "EXPUNGE" SP sequence-set
    mutating func uidArguments() throws(GrammarError) -> IMAPCommand {
        try space()
        let verb = GrammarCursor.keyword(take(while: \.isASCIILetter))
        switch verb {
        case "FETCH": return .fetch(try fetchArguments(byUID: true))
        case "STORE": return .store(try storeArguments(byUID: true))
        case "SEARCH": return .search(try searchArguments(), byUID: true)
        case "COPY":
            let (set, mailbox) = try copyArguments()
            return .copy(set, mailbox, byUID: true)
        case "MOVE":
            let (set, mailbox) = try copyArguments()
            return .move(set, mailbox, byUID: true)
        case "EXPUNGE":
            try space()
            return .uidExpunge(try sequenceSet())
        case "" where isAtEnd: throw .incomplete
        default: throw .invalid("Unknown UID command")
        }
    }

    // copy = "COPY" SP sequence-set SP mailbox ; move = "MOVE" SP sequence-set SP mailbox
    mutating func copyArguments() throws(GrammarError) -> (SequenceSet, MailboxName) {
        try space()
        let set = try sequenceSet()
        return (set, try mailboxArgument())
    }

    // store           = "STORE" SP sequence-set SP store-att-flags
    // store-att-flags = (["+" / "-"] "FLAGS" [".SILENT"]) SP (flag-list / (flag *(SP flag)))
    mutating func storeArguments(byUID: Bool) throws(GrammarError) -> StoreCommand {
        try space()
        let set = try sequenceSet()
        try space()
        let operation: StoreCommand.Operation = take(UInt8(ascii: "+")) ? .add : take(UInt8(ascii: "-")) ? .remove : .replace
        let silent: Bool
        if takeWord("FLAGS.SILENT") {
            silent = true
        } else if takeWord("FLAGS") {
            silent = false
        } else {
            throw isAtEnd ? .incomplete : .invalid("Expected FLAGS")
        }
        try space()
        var flags: [Flag]
        if peek == UInt8(ascii: "(") {
            flags = try flagList()
        } else {
            flags = [try flag()]
            while take(UInt8(ascii: " ")) { flags.append(try flag()) }
        }
        return StoreCommand(sequence: set, operation: operation, silent: silent, flags: flags, byUID: byUID)
    }
}
