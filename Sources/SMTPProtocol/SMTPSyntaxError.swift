/// A command line that is not a valid command (RFC 5321 §4.2.2–§4.2.4, §4.1.1.11), with the reply the
/// client is to get. The reply is safe to send; the details for the log are in ``code``.
public struct SMTPSyntaxError: Error, Hashable, Sendable {
    /// What was wrong; can grow without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unrecognizedCommand, unimplementedCommand, invalidArguments
            case badSenderAddress, badRecipientAddress, unsupportedParameter, invalidParameter
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// Not a verb mailroom knows: `500 5.5.2`.
        public static let unrecognizedCommand = Code(.unrecognizedCommand)
        /// A known verb mailroom does not implement (EXPN, TURN, ...): `502 5.5.1`.
        public static let unimplementedCommand = Code(.unimplementedCommand)
        /// The arguments do not fit the verb's grammar: `501 5.5.4`.
        public static let invalidArguments = Code(.invalidArguments)
        /// The reverse-path is malformed: `501 5.1.7`.
        public static let badSenderAddress = Code(.badSenderAddress)
        /// The forward-path is malformed: `501 5.1.3`.
        public static let badRecipientAddress = Code(.badRecipientAddress)
        /// An ESMTP parameter mailroom does not implement: `555 5.5.4`.
        public static let unsupportedParameter = Code(.unsupportedParameter)
        /// A known parameter with a bad value or given twice: `501 5.5.4`.
        public static let invalidParameter = Code(.invalidParameter)

        public var description: String { base.rawValue }
    }

    /// What was wrong.
    public let code: Code
    /// The reply for the client.
    public let reply: SMTPReply

    public init(_ code: Code, _ reply: SMTPReply) {
        self.code = code
        self.reply = reply
    }
}
