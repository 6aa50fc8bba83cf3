/// What ``IMAPCommandParser`` hands the session, one at a time, in the order the client sent it.
public enum CommandStreamPart: Hashable, Sendable {
    /// A complete command.
    case command(TaggedCommand)
    /// A part of an APPEND command.
    case append(AppendPart)
    /// The client announced a synchronizing literal `{n}` and waits (RFC 9051 §4.3, §7.5): the server
    /// sends a continuation request (`+ Ready`), or refuses the command with a tagged NO or BAD and calls
    /// ``IMAPCommandParser/refuseLiteral()``. For APPEND it follows the message's
    /// ``AppendPart/beginMessage(_:)``, so a missing mailbox can be refused before any octet is sent.
    case continuationRequest(LiteralAnnouncement)
    /// The `DONE` that ends IDLE (RFC 2177 §3), after ``IMAPCommandParser/expectIdleDone()``.
    case idleDone
    /// A client line of an AUTHENTICATE exchange (RFC 9051 §6.2.2), after
    /// ``IMAPCommandParser/expectAuthenticationResponse()``.
    case authenticationResponse(AuthenticationResponse)
    /// Input that is not a valid command; it carries the reply and whether to close.
    case error(IMAPCommandError)
}

/// A synchronizing literal the client waits to send (RFC 9051 §4.3).
public struct LiteralAnnouncement: Hashable, Sendable {
    /// The command's tag.
    public var tag: String
    /// The announced size in octets, within the limits.
    public var size: Int
    /// True when the literal is an APPEND message, false for a string argument.
    public var isMessage: Bool

    public init(tag: String, size: Int, isMessage: Bool) {
        self.tag = tag
        self.size = size
        self.isMessage = isMessage
    }
}

/// A client line inside AUTHENTICATE (RFC 9051 §6.2.2).
///
///     authenticate = "AUTHENTICATE" SP auth-type [SP initial-resp] *(CRLF base64)
public enum AuthenticationResponse: Hashable, Sendable {
    /// The response to the last challenge, base64 (possibly empty), not yet decoded.
    case response(String)
    /// `*`: the client cancels the exchange; the server answers BAD (§6.2.2).
    case cancel
}
