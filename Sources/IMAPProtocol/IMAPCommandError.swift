/// Client input that is not a valid command (RFC 9051 §7.1.3, §4.3), with the reply the client is to get:
/// tagged when the tag could be read, untagged otherwise, and `* BYE` as well when the connection must
/// close. The text is safe to send (it never echoes the client's bytes); the details are in ``code``.
public struct IMAPCommandError: Error, Hashable, Sendable {
    /// What was wrong; can grow without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case syntax, unknownCommand, commandTooLong, literalTooBig, messageTooBig
            case nonSynchronizingLiteralTooBig, literalTooBigToDiscard, tooDeep, expectedDone
            case invalidAuthenticationResponse
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The arguments do not fit the grammar: `BAD`.
        public static let syntax = Code(.syntax)
        /// Not a command mailroom knows: `BAD`.
        public static let unknownCommand = Code(.unknownCommand)
        /// The command's text passed ``IMAPLimits/commandLength``: `BAD`; the rest is skipped.
        public static let commandTooLong = Code(.commandTooLong)
        /// A string literal passed ``IMAPLimits/literalSize``: `BAD [TOOBIG]`, no octet read.
        public static let literalTooBig = Code(.literalTooBig)
        /// An APPEND message passed ``IMAPLimits/messageSize``: `NO [TOOBIG]` (RFC 7889), no octet read.
        public static let messageTooBig = Code(.messageTooBig)
        /// A `{n+}` over the LITERAL- ceiling (RFC 7888, LITERAL-): `BAD [TOOBIG]`.
        public static let nonSynchronizingLiteralTooBig = Code(.nonSynchronizingLiteralTooBig)
        /// A refused `{n+}` too big to read and discard (``IMAPLimits/discardableLiteralSize``): the
        /// connection closes.
        public static let literalTooBigToDiscard = Code(.literalTooBigToDiscard)
        /// Search keys nested deeper than ``IMAPLimits/searchDepth``: `BAD`.
        public static let tooDeep = Code(.tooDeep)
        /// A line other than DONE during IDLE (RFC 2177 §3): `BAD`, and IDLE ends.
        public static let expectedDone = Code(.expectedDone)
        /// An AUTHENTICATE line that is neither base64 nor `*` (RFC 9051 §6.2.2): `BAD`, the exchange ends.
        public static let invalidAuthenticationResponse = Code(.invalidAuthenticationResponse)

        public var description: String { base.rawValue }
    }

    /// What was wrong.
    public let code: Code
    /// The command's tag, when it could be read.
    public let tag: String?
    /// Text for the client.
    public let text: String

    public init(_ code: Code, tag: String?, text: String) {
        self.code = code
        self.tag = tag
        self.text = text
    }

    init(grammar error: GrammarError, tag: String?) {
        switch error {
        case .invalid(let text): self.init(.syntax, tag: tag, text: text)
        case .incomplete: self.init(.syntax, tag: tag, text: "Incomplete command")
        case .tooDeep: self.init(.tooDeep, tag: tag, text: "Search keys nested too deeply")
        }
    }

    /// The connection must close after the reply.
    public var closesConnection: Bool { code == .literalTooBigToDiscard }

    /// `NO` for an APPEND message over the limit (the command was valid, the server declines it); `BAD`
    /// for everything else.
    public var status: ResponseStatus { code == .messageTooBig ? .no : .bad }

    /// The response code the reply carries.
    public var responseCode: ResponseCode? {
        switch code {
        case .literalTooBig, .messageTooBig, .nonSynchronizingLiteralTooBig, .literalTooBigToDiscard: .tooBig
        case .commandTooLong, .tooDeep: .limit
        default: nil
        }
    }

    /// The replies, in order: the tagged (or, without a tag, untagged) status, then `* BYE` when the
    /// connection closes.
    public var responses: [ServerResponse] {
        var responses: [ServerResponse] = [
            tag.map { .tagged(TaggedResponse(tag: $0, status: status, code: responseCode, text: text)) }
                ?? .untagged(.condition(status, code: responseCode, text: text)),
        ]
        if closesConnection {
            responses.append(.untagged(.bye(code: .tooBig, text: "Literal too big to skip; closing")))
        }
        return responses
    }
}
