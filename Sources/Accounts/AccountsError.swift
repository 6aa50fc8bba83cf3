/// Why an account operation failed: one clear line for the operator (the `mailroom user` commands print
/// `description` as is), and a `code` for programs that react to the kind of failure.
///
/// A struct over a private enum, so that new kinds can be added without breaking callers' `switch`es.
public struct AccountsError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case accountExists, noSuchAccount, invalidAddress, databaseUnreadable, databaseWriteFailed, hashingFailed
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// `add` found the address already in the database.
        public static let accountExists = Code(.accountExists)
        /// `setPassword` or `delete` did not find the address.
        public static let noSuchAccount = Code(.noSuchAccount)
        /// The address cannot be stored (it would break the file's `:`-separated lines).
        public static let invalidAddress = Code(.invalidAddress)
        /// A database file exists but cannot be read (permissions, not UTF-8).
        public static let databaseUnreadable = Code(.databaseUnreadable)
        /// Writing the database failed; the previous file is left in place.
        public static let databaseWriteFailed = Code(.databaseWriteFailed)
        /// crypt(3) refused to make a hash.
        public static let hashingFailed = Code(.hashingFailed)

        public var description: String { "\(base)" }
    }

    /// The kind of failure.
    public let code: Code
    /// One line for the operator, naming the account or file involved (never a password).
    public let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
