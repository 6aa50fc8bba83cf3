/// Something in the configuration file that mailroom ignores but the user should know about,
/// such as a Postfix setting with no meaning here.
public struct ConfigWarning: Sendable, Hashable, CustomStringConvertible {
    /// The configuration file.
    public let file: String?
    /// The line where the setting starts.
    public let line: Int?
    /// What is being ignored and why, without the location.
    public let message: String

    /// Makes a warning about `file` at `line`.
    public init(file: String?, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `FILE:LINE: warning: message`, as Postfix prints its own warnings.
    public var description: String {
        SourceLocation(file: file, line: line).prefix + "warning: " + message
    }
}
