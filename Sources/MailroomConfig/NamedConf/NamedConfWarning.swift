/// Something in named.conf that mailroom skips because it does not change what an
/// authoritative-only server answers (`pid-file`, `logging`, `notify` ...).
public struct NamedConfWarning: Sendable, Hashable, CustomStringConvertible {
    /// The file the statement is in: named.conf or an included file, as named.
    public let file: String
    /// The line the statement starts on.
    public let line: Int
    /// What is ignored, without the location.
    public let message: String

    /// Makes a warning about `file` at `line`.
    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `FILE:LINE: message`.
    public var description: String { "\(file):\(line): \(message)" }

    /// The same warning in the form the rest of the configuration reports
    /// (`FILE:LINE: warning: message`), for merging with `ConfigWarning`s.
    public var configWarning: ConfigWarning {
        ConfigWarning(file: file, line: line, message: message)
    }
}
