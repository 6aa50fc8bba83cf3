/// A zone-file problem, located like `named-checkzone` reports it: `FILE:LINE: message`.
///
/// The same type carries warnings (for example BIND's "no TTL specified; using SOA MINTTL
/// instead"), which the parser hands to a callback instead of throwing.
public struct ZoneFileError: Error, CustomStringConvertible, Hashable, Sendable {
    /// What kind of problem this is, for callers that branch on it; the message is for people.
    public var code: Code
    /// The file name as given to the parser, or the `$INCLUDE` path as written.
    public var file: String
    /// The 1-based line the problem was found on.
    public var line: Int
    /// A one-line explanation, without the location.
    public var message: String

    /// Makes an error or warning; `line` is 1-based, `message` one line without the location.
    public init(code: Code, file: String, line: Int, message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.message = message
    }

    /// Exactly `FILE:LINE: message`, the form BIND's tools print, so editors can jump to it.
    public var description: String {
        "\(file):\(line): \(message)"
    }
}
