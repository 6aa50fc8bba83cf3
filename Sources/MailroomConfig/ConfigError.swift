/// A configuration file that cannot be used, located by file and line so the user can fix it
/// (`FILE:LINE: message`, the form compilers and `postconf` use).
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of mistake this is, for callers that react to some of them.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unreadable, syntax, unknownSetting, invalidValue, undefinedReference, cycle
        }
        private let base: Base

        /// The file could not be opened or is not UTF-8 text.
        public static let unreadable = Code(base: .unreadable)
        /// A line is not `name = value`, a comment, a blank or a continuation.
        public static let syntax = Code(base: .syntax)
        /// The name is neither a mailroom setting nor a known Postfix or Dovecot one.
        public static let unknownSetting = Code(base: .unknownSetting)
        /// The value does not have the form the setting needs.
        public static let invalidValue = Code(base: .invalidValue)
        /// A `$name` reference to a setting that does not exist.
        public static let undefinedReference = Code(base: .undefinedReference)
        /// `$name` references that lead back to where they started.
        public static let cycle = Code(base: .cycle)

        public var description: String { base.rawValue }
    }

    /// The kind of mistake.
    public let code: Code
    /// The configuration file; `nil` when the built-in defaults were in use.
    public let file: String?
    /// The line where the offending logical line starts; `nil` when no single line is to blame.
    public let line: Int?
    /// What is wrong, without the location.
    public let message: String

    /// Makes an error; `file` and `line` are omitted from `description` when `nil`.
    public init(_ code: Code, file: String?, line: Int?, message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.message = message
    }

    /// `FILE:LINE: message`, `FILE: message` or just `message`.
    public var description: String {
        SourceLocation(file: file, line: line).prefix + message
    }
}

/// Where a setting was written, rendered as the `FILE:LINE: ` prefix of errors and warnings.
struct SourceLocation: Hashable, Sendable {
    var file: String?
    var line: Int?

    var prefix: String {
        switch (file, line) {
        case let (file?, line?): "\(file):\(line): "
        case let (file?, nil): "\(file): "
        case let (nil, line?): "line \(line): "
        case (nil, nil): ""
        }
    }
}
