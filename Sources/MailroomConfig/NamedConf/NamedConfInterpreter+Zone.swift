extension NamedConfInterpreter {
    /// Zone options that do not change what a primary server answers.
    static let ignoredZoneOptions: Set<String> = [
        "notify", "also-notify", "notify-source", "notify-source-v6", "check-names", "check-integrity",
        "check-mx", "check-wildcard", "check-sibling", "zone-statistics", "max-journal-size", "journal",
        "ixfr-from-differences", "transfer-source", "transfer-source-v6", "max-transfer-time-out",
        "max-transfer-idle-out", "dialup", "key-directory",
    ]

    /// Reads `zone "NAME" [CLASS] { ... };` (BIND ARM "zone Statement Grammar").
    mutating func zone(_ statement: NamedConfStatement) throws(ConfigError) {
        let usage = "zone \"NAME\" [IN] { type primary; file \"FILE\"; };"
        let written = try statement.text(at: 1, usage: usage)
        let name = NamedConfZone.canonicalName(written)
        guard Self.isZoneName(name) else {
            throw statement.error(.invalidValue, "zone \"\(written)\" is not a domain name", at: statement.terms[1])
        }
        var position = 2
        if position < statement.terms.count, let zoneClass = statement.terms[position].text {
            guard zoneClass.lowercased() == "in" else {
                throw statement.error(.invalidValue, "zone \"\(written)\": class \(zoneClass) is not supported: mailroom serves class IN only", at: statement.terms[position])
            }
            position += 1
        }
        let block = try statement.block(at: position, usage: usage)
        try statement.expectCount(position + 1, usage: usage)
        if let first = zones.first(where: { $0.name == name }) {
            throw statement.error(.invalidValue, "zone \"\(written)\" is already defined at \(first.definedIn):\(first.line)")
        }
        var zone = NamedConfZone(name: name, file: "", definedIn: statement.file, line: statement.line)
        var seen: [String: NamedConfStatement] = [:]
        for option in block {
            try zoneOption(option, written: written, zone: &zone, seen: &seen)
        }
        guard seen["type"] != nil else { throw statement.error(.invalidValue, "zone \"\(written)\" has no type") }
        guard seen["file"] != nil else { throw statement.error(.invalidValue, "zone \"\(written)\" has no file") }
        // Every stock CentOS and Debian named.conf has the root hints zone; it only matters to a recursive
        // server, which mailroom is not, so it is reported and skipped rather than refused.
        if let type = seen["type"], (try? Self.single(type).lowercased()) == "hint" {
            warnings.append(statement.warning("zone \"\(written)\" (type hint) is not used by mailroom, which does not recurse (ignored)"))
            return
        }
        zones.append(zone)
    }

    private mutating func zoneOption(
        _ option: NamedConfStatement, written: String, zone: inout NamedConfZone, seen: inout [String: NamedConfStatement]
    ) throws(ConfigError) {
        let keyword = option.keyword
        switch keyword {
        case "type":
            try Self.once(option, &seen)
            let type = try Self.single(option).lowercased()
            guard type == "master" || type == "primary" || type == "hint" else {
                throw option.error(.invalidValue, "zone \"\(written)\": zone type \(type) is not supported: mailroom serves primary zones only", at: option.terms[1])
            }
        case "file":
            try Self.once(option, &seen)
            zone.file = try Self.single(option)
            guard !zone.file.isEmpty else { throw option.error(.invalidValue, "zone \"\(written)\": file name is empty") }
        case "allow-query":
            try Self.once(option, &seen)
            zone.allowQuery = try lists.list(option, at: 1)
        case "allow-transfer":
            try Self.once(option, &seen)
            zone.allowTransfer = try lists.list(option, at: 1)
        case "allow-update":
            try Self.once(option, &seen)
            guard try lists.list(option, at: 1) == .none else {
                throw option.error(.invalidValue, "zone \"\(written)\": allow-update is not supported: mailroom does not accept dynamic updates (only { none; })")
            }
            warnings.append(option.warning(Self.ignored("allow-update { none; }", because: "mailroom never accepts dynamic updates")))
        case "update-policy":
            throw option.error(.invalidValue, "zone \"\(written)\": update-policy is not supported: mailroom does not accept dynamic updates")
        case _ where Self.ignoredZoneOptions.contains(keyword):
            warnings.append(option.warning(Self.ignored(keyword)))
        default:
            throw option.error(.unknownSetting, "zone \"\(written)\": unknown or unsupported option \(option.display)")
        }
    }

    /// Non-empty labels of at most 63 characters without white space; lenient otherwise,
    /// since reverse zones (`0/25.2.0.192.in-addr.arpa`, RFC 2317) use more than letters.
    static func isZoneName(_ name: String) -> Bool {
        if name == "." { return true }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        return !name.isEmpty && name.utf8.count <= 253
            && labels.allSatisfy { (1...63).contains($0.utf8.count) && !$0.contains(where: \.isWhitespace) }
    }
}
