/// Every IMAP command a client can send, but APPEND (RFC 9051 §6, RFC 3501 §6, and the extensions
/// mailroom implements), as typed values for the session machine to switch over. APPEND's message is
/// streamed, so it arrives as ``AppendPart``s instead; IDLE's DONE and the lines of an AUTHENTICATE
/// exchange arrive as their own ``CommandStreamPart``s.
///
/// Which commands are valid in which state (RFC 9051 §3) is the machine's business: the grammar accepts
/// every command in every state.
public enum IMAPCommand: Hashable, Sendable {
    // Any state (RFC 9051 §6.1).
    case capability
    case noop
    case logout
    /// ID (RFC 2971 §3.1): the client's fields, or nil for `ID NIL`.
    case id([IDParameter]?)

    // Not authenticated (§6.2).
    case startTLS
    /// AUTHENTICATE (§6.2.2): the mechanism in capitals, and the SASL-IR initial response (RFC 4959 §3),
    /// base64 or `=` for an empty one.
    case authenticate(mechanism: String, initialResponse: String?)
    /// LOGIN (§6.2.3): user name and password, UTF-8 without control characters.
    case login(username: String, password: String)

    // Authenticated (§6.3).
    /// ENABLE (§6.3.1, RFC 5161): capability names as written.
    case enable([String])
    case select(MailboxName, parameters: [ExtensionParameter])
    case examine(MailboxName, parameters: [ExtensionParameter])
    /// CREATE (§6.3.4) with the special uses of `USE (...)` (RFC 6154 §3).
    case create(MailboxName, specialUse: [MailboxAttribute])
    case delete(MailboxName)
    case rename(from: MailboxName, to: MailboxName)
    case subscribe(MailboxName)
    case unsubscribe(MailboxName)
    case list(ListCommand)
    /// LSUB (RFC 3501 §6.3.9): reference and pattern.
    case lsub(reference: MailboxName, pattern: MailboxName)
    /// NAMESPACE (§6.3.10, RFC 2342).
    case namespace
    case status(MailboxName, [StatusAttribute])
    /// IDLE (§6.3.13, RFC 2177): the parser must then be told ``IMAPCommandParser/expectIdleDone()``.
    case idle

    // Selected (§6.4).
    /// CHECK (RFC 3501 §6.4.1; not in IMAP4rev2).
    case check
    case close
    /// UNSELECT (§6.4.2, RFC 3691).
    case unselect
    case expunge
    /// UID EXPUNGE (§6.4.9, UIDPLUS RFC 4315 §2.1).
    case uidExpunge(SequenceSet)
    /// SEARCH or UID SEARCH (§6.4.4).
    case search(SearchCommand, byUID: Bool)
    /// FETCH or UID FETCH (§6.4.5).
    case fetch(FetchCommand)
    /// STORE or UID STORE (§6.4.6).
    case store(StoreCommand)
    /// COPY or UID COPY (§6.4.7).
    case copy(SequenceSet, MailboxName, byUID: Bool)
    /// MOVE or UID MOVE (§6.4.8, RFC 6851).
    case move(SequenceSet, MailboxName, byUID: Bool)
}

/// A command with its tag (RFC 9051 §2.2.1: every command starts with a tag the completion echoes).
///
///     command = tag SP (command-any / command-auth / command-nonauth / command-select) CRLF
///     tag     = 1*<any ASTRING-CHAR except "+">
public struct TaggedCommand: Hashable, Sendable {
    public var tag: String
    public var command: IMAPCommand

    public init(tag: String, command: IMAPCommand) {
        self.tag = tag
        self.command = command
    }
}
