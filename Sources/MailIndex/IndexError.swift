/// Why the mail index could not answer, with what it was doing.
public struct IndexError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; compare with the static members.
    public struct Code: Hashable, Sendable {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// The index database cannot be opened (permissions, a missing directory).
        public static let unavailable = Code("unavailable")
        /// The database is damaged or answered something unexpected; the index is rebuilt from the
        /// messages.
        public static let corrupt = Code("corrupt")
        /// The disk or quota is full.
        public static let full = Code("full")
        /// A folder of that name exists already (CREATE, RENAME: RFC 9051 `[ALREADYEXISTS]`).
        public static let alreadyExists = Code("alreadyExists")
        /// No folder of that name (RFC 9051 `[NONEXISTENT]`).
        public static let nonexistent = Code("nonexistent")
        /// A uniqueness rule of the database refused the change.
        public static let conflict = Code("conflict")
        /// The operation is not allowed on this folder (deleting or renaming INBOX's name away).
        public static let notAllowed = Code("notAllowed")
    }

    public let code: Code
    /// One line for the log: what failed, never message content.
    public let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
