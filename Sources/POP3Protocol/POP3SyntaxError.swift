/// A command line that is not a POP3 command the server knows, with the `-ERR` response it earns
/// (RFC 1939 §3: "-ERR" with a reason; the session continues).
public struct POP3SyntaxError: Error, Hashable, Sendable {
    /// What kind of mistake.
    public enum Kind: Hashable, Sendable {
        /// The keyword is not one the server implements.
        case unknownCommand
        /// The keyword is known; its arguments are missing, extra or malformed.
        case invalidArguments
    }

    public let kind: Kind
    /// The response to send.
    public let response: POP3Response

    init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.response = .error(text)
    }
}
