/// Why part of an alias expansion delivers nothing, with the RFC 3463 status local(8) reports for it.
///
/// These come from the mail system's own configuration, not from the peer, so they are bounce or
/// defer reasons for the recipient and log lines for the administrator; the message names the alias
/// or file to fix.
public struct AliasProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case loop, depthLimit, sizeLimit, include
        }
        private let base: Base

        /// Aliases that lead back to one being expanded (`a: b`, `b: a`); 5.4.6, as local(8)'s
        /// "alias database loop".
        public static let loop = Code(base: .loop)
        /// Aliases and `:include:` files nested deeper than the limit (local(8): 100); 5.4.6.
        public static let depthLimit = Code(base: .depthLimit)
        /// More final destinations than the limit; the rest are dropped; 5.3.4 (message too big for system).
        public static let sizeLimit = Code(base: .sizeLimit)
        /// An `:include:` file that cannot be read or parsed; 5.3.5 (system incorrectly configured),
        /// as local(8)'s "mail system configuration error".
        public static let include = Code(base: .include)

        public var description: String { base.rawValue }
    }

    /// The kind of problem.
    public let code: Code
    /// The RFC 3463 enhanced status code for the bounce (`5.4.6`).
    public let enhancedStatus: String
    /// What went wrong, naming the alias or file (`alias database loop for a: a -> b -> a`).
    public let message: String

    /// Makes a problem.
    public init(_ code: Code, enhancedStatus: String, message: String) {
        self.code = code
        self.enhancedStatus = enhancedStatus
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
