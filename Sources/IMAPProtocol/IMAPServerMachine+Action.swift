import NIOCore

extension IMAPServerMachine {
    /// What the driver does next (one per event). Responses are written with
    /// ``IMAPServerMachine/encodingOptions`` as they are after the event.
    public enum Action: Sendable, Hashable {
        /// Nothing to do; read on.
        case nothing
        /// Write these responses.
        case send([ServerResponse])
        /// Write these responses, then close the connection (stopping any IDLE or work in progress).
        case sendAndClose([ServerResponse])
        /// Close the connection without writing (the driver was busy when the idle timer fired).
        case close
        /// Write these responses (the tagged refusal, possibly none when it went earlier) and call
        /// `IMAPCommandParser.refuseLiteral()` instead of sending `+`: the command is dropped.
        case refuseLiteral([ServerResponse])
        /// Write these responses (`OK Begin TLS negotiation now`), drop buffered plaintext with
        /// `IMAPCommandParser.discardBufferedInput()`, start the TLS handshake and, when it completes, call
        /// ``IMAPServerMachine/tlsEstablished()`` (RFC 9051 §6.2.1). On handshake failure, close.
        case startTLS([ServerResponse])
        /// Write this SASL challenge and call `IMAPCommandParser.expectAuthenticationResponse()`: the
        /// next line answers it (RFC 9051 §6.2.2).
        case challenge(ContinuationRequest)
        /// Check these credentials (off the event loop; delay a failure as POP3 does; log it with the
        /// client address), then call ``IMAPServerMachine/loginFinished(_:)``.
        case authenticate(username: String, password: String)
        /// Open the mailbox and call ``IMAPServerMachine/selectFinished(_:)``. Any mailbox selected
        /// before is already closed, without expunging (RFC 9051 §6.3.2).
        case select(SelectRequest)
        /// Carry out this command: write its untagged data (LIST, FETCH, SEARCH...), then call
        /// ``IMAPServerMachine/commandFinished(_:)`` with the outcome and the pending updates.
        case perform(CommandRequest)
        /// An APPEND begins (RFC 9051 §6.3.12, MULTIAPPEND RFC 3502 §6): open the mailbox with this
        /// Unicode name for appending. Its messages follow as ``append(_:)``. A mailbox that cannot be
        /// appended to is reported at once with ``IMAPServerMachine/appendRefused(_:)``.
        case beginAppend(tag: String, mailbox: String)
        /// The next part of the APPEND begun by ``beginAppend(tag:mailbox:)`` (never
        /// ``AppendPart/start(tag:mailbox:)``). After ``AppendPart/finish``, commit every message and call
        /// ``IMAPServerMachine/commandFinished(_:)`` (`[APPENDUID ...]` in its code).
        case append(AppendPart)
        /// The APPEND in progress was refused part way (a message over APPENDLIMIT, bad syntax after a
        /// message): drop every message of it (RFC 3502 §6: all or nothing), then write these responses.
        case abortAppend([ServerResponse])
        /// Write these responses (`+ idling`), call `IMAPCommandParser.expectIdleDone()` and push
        /// updates through ``IMAPServerMachine/idleUpdates(_:)`` until DONE (RFC 2177 §3).
        case startIdling([ServerResponse])
        /// Stop pushing updates, then write these responses (the IDLE's completion).
        case stopIdling([ServerResponse])
    }

    /// A SELECT or EXAMINE for the driver (RFC 9051 §6.3.2-§6.3.3).
    public struct SelectRequest: Sendable, Hashable {
        public var tag: String
        /// The Unicode name.
        public var mailbox: String
        /// EXAMINE: no change of the mailbox's state, \Seen included.
        public var readOnly: Bool
        /// Select parameters the machine accepted (`CONDSTORE` when advertised, RFC 7162 §3.1.8).
        public var parameters: [ExtensionParameter]
    }

    /// A command only the driver can carry out, with what it needs to answer it.
    public struct CommandRequest: Sendable, Hashable {
        public var tag: String
        public var command: MailboxCommand
        /// Whether `* n EXPUNGE` may be written before this command's completion: never during FETCH,
        /// STORE or SEARCH by sequence number, which would shift the numbers the client is reading
        /// (RFC 9051 §7.4.1, RFC 3501 §7.4.1). Pending expunges then wait for a later command.
        public var expungesAllowed: Bool
        /// Mailbox names in LIST, LSUB and the untagged data are UTF-8 rather than modified UTF-7
        /// (IMAP4rev2 or UTF8=ACCEPT enabled).
        public var utf8Names: Bool
    }

    /// The commands the driver carries out (RFC 9051 §6.3-§6.4), arguments as parsed; mailbox names the
    /// machine has decoded to Unicode.
    public enum MailboxCommand: Sendable, Hashable {
        /// NOOP or CHECK in the selected state: nothing but the pending updates (RFC 9051 §6.1.2).
        case noop
        case create(String, specialUse: [MailboxAttribute])
        /// DELETE (§6.3.5).
        case delete(String)
        /// RENAME (§6.3.6); renaming INBOX moves its messages (§6.3.6).
        case rename(from: String, to: String)
        case subscribe(String)
        case unsubscribe(String)
        /// LIST (§6.3.9); names and patterns as the client sent them.
        case list(ListCommand)
        /// LSUB (RFC 3501 §6.3.9).
        case lsub(reference: MailboxName, pattern: MailboxName)
        /// STATUS (§6.3.11).
        case status(String, [StatusAttribute])
        case fetch(FetchCommand)
        case store(StoreCommand)
        case search(SearchCommand, byUID: Bool)
        case copy(SequenceSet, String, byUID: Bool)
        case move(SequenceSet, String, byUID: Bool)
        /// EXPUNGE (§6.4.3).
        case expunge
        /// UID EXPUNGE (RFC 4315 §2.1).
        case uidExpunge(SequenceSet)
        /// CLOSE (§6.4.1): remove \Deleted messages silently when `expunge` (the mailbox is read-write),
        /// then close the mailbox. No update may be written.
        case close(expunge: Bool)
        /// UNSELECT (§6.4.2, RFC 3691): close the mailbox, removing nothing.
        case unselect

        /// The command works on UIDs (UID FETCH, UID STORE, ...).
        public var isUIDCommand: Bool {
            switch self {
            case .fetch(let command): command.byUID
            case .store(let command): command.byUID
            case .search(_, let byUID), .copy(_, _, let byUID), .move(_, _, let byUID): byUID
            case .uidExpunge: true
            default: false
            }
        }
    }

    /// The driver's answer to ``Action/authenticate(username:password:)``.
    public enum LoginResult: Sendable, Hashable {
        /// Credentials good: the authenticated state (RFC 9051 §6.2.3).
        case succeeded
        /// Unknown user or wrong password: `NO [AUTHENTICATIONFAILED]` (RFC 5530 §3), after the delay.
        case invalidCredentials
        /// The user may not use this service: `NO [AUTHORIZATIONFAILED]`.
        case authorizationFailed
        /// The user database failed for now: `NO [UNAVAILABLE]`.
        case temporaryFailure
    }

    /// The driver's answer to ``Action/select(_:)``.
    public enum SelectResult: Sendable, Hashable {
        /// The mailbox is open: the SELECT responses are written from this.
        case selected(SelectedFolderStatus)
        /// It could not be opened (`[NONEXISTENT]`, `[NOPERM]`, ...): `NO`, and no mailbox is selected.
        case failed(ResponseCode?, String)
    }

    /// How a ``CommandRequest`` or APPEND ended, with the updates to write before the completion.
    public struct CommandCompletion: Sendable, Hashable {
        public var status: ResponseStatus
        public var code: ResponseCode?
        /// The completion's text; nil for `VERB completed` / `VERB failed`.
        public var text: String?
        /// EXISTS, EXPUNGE and FETCH FLAGS the session has yet to see, in order. EXPUNGE only when the
        /// request allowed it.
        public var updates: [UntaggedResponse]

        public init(status: ResponseStatus, code: ResponseCode? = nil, text: String? = nil,
                    updates: [UntaggedResponse] = []) {
            self.status = status
            self.code = code
            self.text = text
            self.updates = updates
        }

        /// Success.
        public static func ok(_ code: ResponseCode? = nil, updates: [UntaggedResponse] = []) -> CommandCompletion {
            CommandCompletion(status: .ok, code: code, updates: updates)
        }

        /// Failure, with the client-safe reason.
        public static func no(_ code: ResponseCode?, _ text: String, updates: [UntaggedResponse] = []) -> CommandCompletion {
            CommandCompletion(status: .no, code: code, text: text, updates: updates)
        }
    }
}
