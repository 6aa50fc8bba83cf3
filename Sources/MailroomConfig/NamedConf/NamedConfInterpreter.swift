/// Gives meaning to the generic statements of a named.conf: builds the `NamedConf` model,
/// turns skippable statements into warnings and everything mailroom cannot honour into errors.
///
/// Works in two passes because BIND lets a statement use a key or ACL defined further down:
/// the first collects `key` and `acl` statements, the second reads everything in order.
struct NamedConfInterpreter {
    /// Top-level statements that do not affect an authoritative-only server's answers
    /// (BIND ARM "Configuration File Grammar").
    static let ignoredStatements: Set<String> = [
        "controls", "logging", "statistics-channels", "managed-keys", "trusted-keys", "trust-anchors",
        "dnssec-policy", "masters", "primaries", "server", "key-store",
    ]

    var warnings: [NamedConfWarning] = []
    var lists: AddressMatchListParser
    var options = NamedConfOptions()
    var keys: [NamedConfKey] = []
    var acls: [NamedConfACL] = []
    var zones: [NamedConfZone] = []
    private var optionsSeen: NamedConfStatement?

    private init(lists: AddressMatchListParser) {
        self.lists = lists
    }

    /// The model of `statements` (the top level of named.conf, includes expanded).
    static func interpret(_ statements: [NamedConfStatement]) throws(ConfigError) -> NamedConf {
        var keys: [NamedConfKey] = []
        var keyStatements: [String: NamedConfStatement] = [:]
        var aclStatements: [String: NamedConfStatement] = [:]
        for statement in statements {
            switch statement.keyword {
            case "key":
                let key = try Self.key(statement)
                if let first = keyStatements[key.canonicalName] {
                    throw statement.error(.invalidValue, "key \"\(key.name)\" is already defined at \(first.file):\(first.line)")
                }
                keyStatements[key.canonicalName] = statement
                keys.append(key)
            case "acl":
                let name = try statement.text(at: 1, usage: "acl NAME { address_match_list };")
                guard !AddressMatchListParser.builtinNames.contains(name.lowercased()) else {
                    throw statement.error(.invalidValue, "acl \"\(name)\" redefines a built-in ACL", at: statement.terms[1])
                }
                if let first = aclStatements[name.lowercased()] {
                    throw statement.error(.invalidValue, "acl \"\(name)\" is already defined at \(first.file):\(first.line)")
                }
                aclStatements[name.lowercased()] = statement
            default:
                break
            }
        }
        let lists = AddressMatchListParser(acls: aclStatements, keyNames: Set(keyStatements.keys))
        var interpreter = NamedConfInterpreter(lists: lists)
        interpreter.keys = keys
        for statement in statements {
            try interpreter.topLevel(statement)
        }
        return interpreter.model()
    }

    private mutating func topLevel(_ statement: NamedConfStatement) throws(ConfigError) {
        let keyword = statement.keyword
        switch keyword {
        case "options":
            if let first = optionsSeen {
                throw statement.error(.invalidValue, "options is already defined at \(first.file):\(first.line)")
            }
            optionsSeen = statement
            try options(statement)
        case "key":
            break  // read in the first pass
        case "acl":
            let name = try statement.text(at: 1, usage: "acl NAME { address_match_list };")
            acls.append(NamedConfACL(name: name, list: try lists.acl(named: name, usedBy: statement, at: statement.terms[1])))
        case "zone":
            try zone(statement)
        case "view":
            throw statement.error(.invalidValue, "view is not supported: mailroom serves one set of zones to every client")
        case _ where Self.ignoredStatements.contains(keyword):
            warnings.append(statement.warning(Self.ignored(keyword)))
        default:
            throw statement.error(.unknownSetting, "unknown or unsupported statement \(statement.display)")
        }
    }

    private func model() -> NamedConf {
        var zones = self.zones
        for index in zones.indices {
            zones[index].file = Self.resolve(zones[index].file, directory: options.directory)
        }
        return NamedConf(options: options, keys: keys, acls: acls, zones: zones, warnings: warnings)
    }

    /// `file` joined to `directory` unless absolute or there is no directory.
    static func resolve(_ file: String, directory: String?) -> String {
        guard !file.hasPrefix("/"), let directory, !directory.isEmpty else { return file }
        return directory.hasSuffix("/") ? directory + file : directory + "/" + file
    }

    /// The warning text for a skipped statement or option: `"NAME" is not used by mailroom (ignored)`.
    static func ignored(_ what: String, because reason: String? = nil) -> String {
        "\"\(what)\" is not used by mailroom (ignored" + (reason.map { ": " + $0 } ?? "") + ")"
    }

    /// Reads `yes`/`no` (and BIND's synonyms `true`/`false`/`1`/`0`) at term 1.
    static func boolean(_ statement: NamedConfStatement) throws(ConfigError) -> Bool {
        let usage = "\(statement.keyword) yes|no;"
        let text = try statement.text(at: 1, usage: usage)
        try statement.expectCount(2, usage: usage)
        switch text.lowercased() {
        case "yes", "true", "1": return true
        case "no", "false", "0": return false
        default: throw statement.error(.invalidValue, "\(statement.display) must be yes or no, not \"\(text)\"", at: statement.terms[1])
        }
    }

    /// The one string (or word) at term 1.
    static func single(_ statement: NamedConfStatement) throws(ConfigError) -> String {
        let usage = "\(statement.keyword) \"VALUE\";"
        let text = try statement.text(at: 1, usage: usage)
        try statement.expectCount(2, usage: usage)
        return text
    }

    /// Rejects a second occurrence of a single-valued option within one block.
    static func once(_ statement: NamedConfStatement, _ seen: inout [String: NamedConfStatement]) throws(ConfigError) {
        if let first = seen[statement.keyword] {
            throw statement.error(.invalidValue, "\(statement.display) is already set at \(first.file):\(first.line)")
        }
        seen[statement.keyword] = statement
    }
}
