import NIOCore

/// The incremental command parser: bytes in, ``CommandStreamPart``s out (RFC 9051 §2.2, §4.3, §9), with
/// no I/O. It frames commands (lines, and the literals that continue them), checks every literal against
/// ``IMAPLimits`` before reading it, streams APPEND messages, and hands complete commands to the grammar.
///
/// Theory of operation. ``append(_:)`` each read; call ``next()`` until it says ``Result/needMoreBytes``,
/// acting on each part before asking for the next. The states:
///
///     line ──(line ends without a literal)──▶ command or error ──▶ line
///     line ──(line ends in {n} / {n+}, within limits)──▶ literal(n) ──▶ line      (string argument)
///     line ──(APPEND line ends in its message literal)──▶ message(n) ──▶ appendLine ──▶ line
///                                                                   appendLine ──(next message)──▶ message
///     any line ──(refused: too long, bad prefix, literal over a limit)──▶ skipping ──▶ line
///     skipping ──({n+} too big to discard)──▶ closed
///
/// - A synchronizing literal `{n}` yields ``CommandStreamPart/continuationRequest(_:)``: the driver sends
///   `+` and the client sends the octets, or the driver refuses the command and calls
///   ``refuseLiteral()``. A literal over its limit is refused by the parser itself before any octet is
///   read: the client of `{n}` waits for `+`, sees the tagged reply instead, and sends its next command.
/// - A refused non-synchronizing literal `{n+}` is already on its way: its n octets are read and thrown
///   away (RFC 7888 allows that or closing) when n is at most ``IMAPLimits/discardableLiteralSize``;
///   beyond that the parser asks for the connection to be closed, since reading an unbounded stream
///   only to discard it would let one client tie up the server. Either way no octet of a refused literal
///   is ever taken for a command.
/// - After an error the parser resynchronises at the end of the command: the rest of the line, and of any
///   line continued by a `{n+}` literal, is skipped with the literal's octets counted, not scanned.
/// - Modes: after IDLE the session calls ``expectIdleDone()`` (the next line must be DONE); after
///   AUTHENTICATE, ``expectAuthenticationResponse()`` for each line of the exchange. A mode lasts one line.
/// - Blank lines between commands are ignored.
public struct IMAPCommandParser: Sendable {
    /// What ``next()`` found.
    public enum Result: Hashable, Sendable {
        /// Nothing more until more bytes arrive.
        case needMoreBytes
        /// The next part of the stream.
        case part(CommandStreamPart)
    }

    enum State: Sendable {
        /// Reading a line of the current command (or the one line of an IDLE/AUTHENTICATE mode).
        case line
        /// Reading a string literal's octets into the command.
        case literal(remaining: Int)
        /// Handing out an APPEND message's octets.
        case message(remaining: Int, tag: String)
        /// Reading the line after an APPEND message.
        case appendLine(tag: String)
        /// Throwing away the rest of a refused command.
        case skipping(discard: Int, tail: [UInt8], truncated: Bool)
        /// The connection is to close; input is ignored.
        case closed
    }

    enum Mode: Sendable {
        case commands
        case idle
        case authentication
    }

    public let limits: IMAPLimits
    var input = ByteBuffer()
    var state = State.line
    var mode = Mode.commands
    /// The current command as framed so far: its lines, literals' octets in place.
    var command: [UInt8] = []
    /// Where the line being read starts in `command`.
    var lineStart = 0
    /// Octets of command text (outside literals) so far.
    var textLength = 0
    /// Octets of string literals buffered so far.
    var literalLength = 0
    /// Set from a continuation request until the literal's first octet is read.
    var awaitingLiteral = false
    /// Parts found and not yet handed out.
    var pending = CircularBuffer<CommandStreamPart>(initialCapacity: 4)

    public init(limits: IMAPLimits = IMAPLimits()) {
        self.limits = limits
    }

    /// True once the parser has asked for the connection to close.
    public var isClosed: Bool {
        if case .closed = state { true } else { false }
    }

    /// Takes the next bytes from the client.
    public mutating func append(_ bytes: ByteBuffer) {
        guard !isClosed, bytes.readableBytes > 0 else { return }
        if input.readableBytes == 0 {
            input = bytes
        } else {
            if input.readerIndex > 65_536 { input.discardReadBytes() }
            input.writeImmutableBuffer(bytes)
        }
    }

    /// The next part, or ``Result/needMoreBytes``.
    public mutating func next() -> Result {
        while true {
            if let part = pending.popFirst() { return .part(part) }
            guard step() else {
                // An idle session keeps no read buffer alive.
                if input.readableBytes == 0, input.capacity > 0 { input = ByteBuffer() }
                return .needMoreBytes
            }
        }
    }

    /// The next line is IDLE's DONE (RFC 2177 §3). Call after IDLE, at a command boundary.
    public mutating func expectIdleDone() {
        precondition(atCommandBoundary, "expectIdleDone() inside a command")
        mode = .idle
    }

    /// The next line answers an AUTHENTICATE challenge (RFC 9051 §6.2.2). Call after each challenge.
    public mutating func expectAuthenticationResponse() {
        precondition(atCommandBoundary, "expectAuthenticationResponse() inside a command")
        mode = .authentication
    }

    /// Refuses the synchronizing literal of the last ``CommandStreamPart/continuationRequest(_:)``
    /// instead of sending `+`: the command (an APPEND with all its messages) is dropped, and the client,
    /// which waits for `+`, sends its next command after the tagged reply.
    public mutating func refuseLiteral() {
        precondition(awaitingLiteral, "refuseLiteral() without a continuation request")
        awaitingLiteral = false
        resetCommand()
        state = .line
    }

    /// Drops the bytes received and not yet parsed, and returns their count: after STARTTLS, plaintext
    /// the client pipelined must not be read as if it came over TLS (the command injection of
    /// CVE-2011-0411; RFC 9051 §11.1 requires TLS to start on a clean stream).
    @discardableResult
    public mutating func discardBufferedInput() -> Int {
        let count = input.readableBytes
        input.clear()
        return count
    }

    var atCommandBoundary: Bool {
        guard case .line = state, command.isEmpty, pending.isEmpty else { return false }
        return true
    }
}
