// MARK: - APPEND (RFC 9051 §6.3.12, MULTIAPPEND RFC 3502 §6, RFC 4466 §2.2)

/// What a line ending in a literal announcement is, inside an APPEND.
enum AppendLine {
    /// The literal is a message: the options before it.
    case message(flags: [Flag], date: IMAPDateTime?)
    /// The literal is a string argument (the mailbox name); the message comes later.
    case stringArgument
}

extension GrammarCursor {
    /// The first line(s) of an APPEND, up to the literal announced at `literalStart`:
    /// `tag SP "APPEND" SP mailbox append-message-options`. The mailbox is returned with the line kind.
    static func appendStart(_ bytes: [UInt8], literalStart: Int) throws(GrammarError) -> (MailboxName, AppendLine) {
        var cursor = GrammarCursor(bytes)
        _ = try cursor.tag()
        try cursor.space()
        guard cursor.takeWord("APPEND") else { throw .invalid("Expected APPEND") }
        try cursor.space()
        let mailbox: MailboxName
        do throws(GrammarError) {
            mailbox = try cursor.mailbox()
        } catch {
            if error == .incomplete { return (MailboxName([]), .stringArgument) }
            throw error
        }
        let (flags, date) = try cursor.appendMessageOptions(upTo: literalStart)
        return (mailbox, .message(flags: flags, date: date))
    }

    /// The line after a message: empty (the command ends) or the next message's options up to the literal
    /// at `literalStart` (MULTIAPPEND). Returns nil for the end.
    static func appendContinuation(_ line: [UInt8], literalStart: Int?) throws(GrammarError) -> AppendLine? {
        var cursor = GrammarCursor(line)
        if cursor.atLineEnd {
            try cursor.endOfCommand()
            return nil
        }
        guard let literalStart else { throw .invalid("Expected another message or the end of APPEND") }
        let (flags, date) = try cursor.appendMessageOptions(upTo: literalStart)
        return .message(flags: flags, date: date)
    }

    // append-message = [SP flag-list] [SP date-time] SP literal      (append-ext of RFC 4466: none known)
    private mutating func appendMessageOptions(upTo literalStart: Int) throws(GrammarError) -> ([Flag], IMAPDateTime?) {
        try space()
        var flags: [Flag] = []
        var date: IMAPDateTime?
        if peek == UInt8(ascii: "(") {
            flags = try flagList()
            try space()
        }
        if peek == UInt8(ascii: "\"") {
            date = try dateTime()
            try space()
        }
        guard index == literalStart else { throw .invalid("Expected the message literal") }
        return (flags, date)
    }
}
