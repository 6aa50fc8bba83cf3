/// Why a zone was rejected, worded like `named-checkzone` (for example
/// `zone example.test/IN: has no NS records`).
///
/// There is no file or line here: the zone is built from records, not text; the zone-file
/// parser adds its own position when it wraps this error.
public struct ZoneError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The full message, prefixed with `zone <origin>/IN:` as BIND logs it.
    public let message: String

    /// An error with a message already worded, for example by the zone-file parser.
    public init(message: String) {
        self.message = message
    }

    /// A message about `origin`, prefixed the way BIND's zone log lines are.
    init(origin: DNSName, _ text: String) {
        self.message = "zone \(origin.bindDisplay)/IN: \(text)"
    }

    /// The message, as `named-checkzone` prints it.
    public var description: String { message }
}

extension DNSName {
    /// The name as BIND writes it in log messages: without the trailing dot, except the root.
    var bindDisplay: String {
        isRoot ? "." : String(description.dropLast())
    }
}
