/// A message's flags (RFC 9051 §2.3.2): the system flags as bits and the keywords by name. `\Recent`
/// is not stored: it belongs to a session, and IMAP4rev2 drops it.
public struct MessageFlags: Hashable, Sendable {
    /// The system flags a message may carry.
    public struct System: OptionSet, Hashable, Sendable {
        public let rawValue: Int64
        public init(rawValue: Int64) { self.rawValue = rawValue }
        public static let seen = System(rawValue: 1 << 0)
        public static let answered = System(rawValue: 1 << 1)
        public static let flagged = System(rawValue: 1 << 2)
        public static let deleted = System(rawValue: 1 << 3)
        public static let draft = System(rawValue: 1 << 4)
    }

    public var system: System
    /// Keywords (`$Forwarded`, `$Junk`, `NonJunk`…), compared case-insensitively by IMAP; stored as
    /// first given.
    public var keywords: Set<String>

    public init(system: System = [], keywords: Set<String> = []) {
        self.system = system
        self.keywords = keywords
    }

    /// Keywords as one text column: sorted names separated by spaces (atoms cannot contain one).
    var keywordText: String { keywords.sorted().joined(separator: " ") }

    init(system: Int64, keywordText: String) {
        self.system = System(rawValue: system)
        keywords = Set(keywordText.split(separator: " ").map(String.init))
    }
}

/// How STORE changes flags (RFC 9051 §6.4.6): `FLAGS`, `+FLAGS`, `-FLAGS`.
public enum FlagChange: Sendable, Equatable {
    case replace(MessageFlags)
    case add(MessageFlags)
    case remove(MessageFlags)

    /// `flags` after the change.
    func applied(to flags: MessageFlags) -> MessageFlags {
        switch self {
        case .replace(let new):
            return new
        case .add(let added):
            return MessageFlags(system: flags.system.union(added.system), keywords: Self.union(flags.keywords, added.keywords))
        case .remove(let removed):
            let lowered = Set(removed.keywords.map { $0.lowercased() })
            return MessageFlags(system: flags.system.subtracting(removed.system),
                                keywords: flags.keywords.filter { !lowered.contains($0.lowercased()) })
        }
    }

    /// Keywords match case-insensitively (RFC 9051 §2.3.2): an added keyword already present in
    /// another case is not added twice.
    private static func union(_ current: Set<String>, _ added: Set<String>) -> Set<String> {
        let lowered = Set(current.map { $0.lowercased() })
        return current.union(added.filter { !lowered.contains($0.lowercased()) })
    }
}
