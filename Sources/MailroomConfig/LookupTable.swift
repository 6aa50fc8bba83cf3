/// A Postfix lookup table read from its text source (the file `postmap` would compile): one
/// `key value` pair a line, `#` comments, blank lines, and lines starting with white space continuing
/// the value above (postmap(1)). Used for `relay_recipient_maps` and `smtpd_sender_login_maps`.
///
/// Addresses are looked up as Postfix's table lookups for addresses go (access(5), "EMAIL ADDRESS
/// PATTERNS"): `user+ext@domain`, then `user@domain` without the extension, then `@domain`. Keys
/// compare without case. Like ``AliasTable``, it is a value: ``reloadIfChanged()`` reads again only
/// the files whose stamp changed, and a missing file counts as empty until it appears.
public struct LookupTable: Sendable {
    private var sources: [WatchedFile<[String: String]>]

    /// A table of `entries` (keys as written), for tests and callers with no file.
    public init(_ entries: [String: String]) {
        let lowered = Dictionary(entries.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        sources = [WatchedFile(untracked: lowered, path: "")]
    }

    private init(sources: [WatchedFile<[String: String]>]) {
        self.sources = sources
    }

    /// No table configured (an empty setting), which Postfix treats differently from an empty table.
    public static let none = LookupTable(sources: [])

    /// Reads every file in `paths` (map-type prefixes already stripped).
    /// - Throws: `FILE: cannot read: REASON`, or `FILE:LINE: message` for a line without a value.
    public static func load(paths: [String]) throws(ConfigError) -> LookupTable {
        var sources: [WatchedFile<[String: String]>] = []
        for path in paths { sources.append(try read(path)) }
        return LookupTable(sources: sources)
    }

    /// True when the setting named at least one table (even one that is empty or missing).
    public var isConfigured: Bool { !sources.isEmpty }

    /// The value for `address` (`local@domain`), the first file that has one of its keys winning;
    /// `recipientDelimiter` names the characters that start an extension.
    public func value(forAddress address: String, recipientDelimiter: String) -> String? {
        let lowered = address.lowercased()
        guard let at = lowered.lastIndex(of: "@") else { return value(forKey: lowered) }
        let local = lowered[..<at]
        let domain = lowered[lowered.index(after: at)...]
        var keys = [lowered]
        if let cut = local.firstIndex(where: { recipientDelimiter.contains($0) }) {
            keys.append(local[..<cut] + "@" + domain)
        }
        keys.append("@" + domain)
        for source in sources {
            for key in keys {
                if let value = source.content[key] { return value }
            }
        }
        return nil
    }

    /// The value stored under exactly `key` (compared without case).
    public func value(forKey key: String) -> String? {
        let key = key.lowercased()
        return sources.lazy.compactMap { $0.content[key] }.first
    }

    /// Reads again the files that changed; `true` when any was read. A file that fails to parse keeps
    /// its previous entries, and the error is thrown once.
    public mutating func reloadIfChanged() throws(ConfigError) -> Bool {
        var changed = false
        for position in sources.indices {
            let path = sources[position].path
            if try sources[position].reloadIfChanged(missing: [:], parse: Self.parser(path)) { changed = true }
        }
        return changed
    }

    private static func read(_ path: String) throws(ConfigError) -> WatchedFile<[String: String]> {
        try WatchedFile.read(path, missing: [:], parse: parser(path))
    }

    private static func parser(_ path: String) -> (String) throws(ConfigError) -> [String: String] {
        { (text: String) throws(ConfigError) in try parse(text, file: path) }
    }

    /// The entries of a table's text; the first line with a key wins, as postmap keeps the first.
    static func parse(_ text: String, file: String) throws(ConfigError) -> [String: String] {
        // Logical lines: a line starting with white space continues the one before (postmap(1)).
        var logical: [(line: Int, text: String)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingSpaces
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if let first = line.first, first == " " || first == "\t" {
                guard !logical.isEmpty else {
                    throw ConfigError(.syntax, file: file, line: index + 1, message: "continuation line without an entry")
                }
                logical[logical.count - 1].text += " " + trimmed
            } else {
                logical.append((index + 1, trimmed))
            }
        }
        var entries: [String: String] = [:]
        for (line, text) in logical {
            let parts = text.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count == 2 else {
                throw ConfigError(.syntax, file: file, line: line, message: "\"\(parts[0])\" has no value")
            }
            let key = parts[0].lowercased()
            if entries[key] == nil { entries[key] = parts[1].trimmingSpaces }
        }
        return entries
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and CRs.
    fileprivate var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
