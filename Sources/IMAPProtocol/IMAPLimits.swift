/// The buffer limits of an IMAP session, each with its source. A struct rather than constants because
/// the APPEND limit is `message_size_limit` from main.cf and the literal policy follows the capabilities
/// the server advertises (LITERAL+ or LITERAL-, RFC 7888).
///
/// Every limit is checked before the bytes it bounds are read: a literal's announced size is compared
/// with its limit when its `{n}` arrives (RFC 9051 §4.3, RFC 7888), so a refused literal costs no
/// memory.
public struct IMAPLimits: Sendable, Hashable {
    /// Octets of one command's text outside its literals, line ends included. RFC 9051 sets no limit;
    /// RFC 7162 §4 asks servers to take command lines of at least 8192 octets, and Dovecot's
    /// `imap_max_line_length` (64 KiB) holds the long UID sets that synchronising clients send.
    public var commandLength: Int
    /// Octets of all the literals of one command other than APPEND's message data. These are held in
    /// memory until the command is complete (mailbox names, passwords, search strings), so the limit is
    /// small; a literal over it is refused with `BAD [TOOBIG]` (RFC 4469 defines the code).
    public var literalSize: Int
    /// The largest APPEND message, in octets: the APPENDLIMIT capability (RFC 7889), Postfix's
    /// `message_size_limit`. A larger message is refused with `NO [TOOBIG]` before any of it is read.
    /// Messages are streamed, never held, so this bounds only disk use.
    public var messageSize: Int
    /// The largest non-synchronizing literal `{n+}`: `nil` when the server advertises LITERAL+ (any size
    /// up to the limits above, RFC 7888), 4096 when it advertises LITERAL- (RFC 7888; the IMAP4rev2
    /// default of RFC 9051 §4.3). A larger one is refused with `BAD [TOOBIG]`.
    public var nonSynchronizingLiteralSize: Int?
    /// The most octets of a refused non-synchronizing literal the parser reads and throws away to stay
    /// in step with the client. RFC 7888 leaves a server two ways out of a `{n+}` it will not take:
    /// read and discard the octets, or close the connection. Discarding keeps the session of a client
    /// that sent one message slightly over the limit (it sees `NO [TOOBIG]` and can tell its user);
    /// beyond this size, which no honest client sends, the parser asks for the connection to be closed
    /// rather than read an unbounded stream.
    public var discardableLiteralSize: Int
    /// The deepest nesting of search keys (parentheses, NOT, OR) SEARCH takes (RFC 9051 §6.4.4). The
    /// grammar recurses once per level, so this bounds the stack; clients build OR chains a few dozen
    /// deep at most.
    public var searchDepth: Int

    /// The default limits: 64 KiB of command text, 64 KiB of literals, `message_size_limit`'s default
    /// of 10,240,000 octets per message, LITERAL+, twice the message size discarded, 256 levels of search.
    public init(commandLength: Int = 65_536, literalSize: Int = 65_536, messageSize: Int = 10_240_000,
                nonSynchronizingLiteralSize: Int? = nil, discardableLiteralSize: Int? = nil, searchDepth: Int = 256) {
        self.commandLength = commandLength
        self.literalSize = literalSize
        self.messageSize = messageSize
        self.nonSynchronizingLiteralSize = nonSynchronizingLiteralSize
        self.discardableLiteralSize = discardableLiteralSize ?? (messageSize > Int.max / 2 ? Int.max : messageSize * 2)
        self.searchDepth = searchDepth
    }

    /// The LITERAL- ceiling (RFC 7888, LITERAL-): non-synchronizing literals of at most 4096 octets.
    public static let literalMinusSize = 4096
}
