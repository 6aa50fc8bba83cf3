import MailCore

/// Expands an envelope recipient through the aliases the way Postfix local(8) does
/// (local(8) "ALIAS EXPANSION" and `deliver_alias()`; aliases(5)).
///
/// Theory of operation:
/// - Only recipients in a local domain (`mydestination`, given as `isLocalDomain`) are looked up, by
///   their local part, case-insensitively. All local domains share one alias namespace.
/// - `user+tag` is looked up as `user+tag`, then as `user` (`recipient_delimiter`: any one of its
///   characters separates the extension). The targets of the alias `user` do not get the extension,
///   as with Postfix's default `propagate_unmatched_extensions = canonical, virtual`; a `user+tag`
///   that is not an alias at all stays `user+tag`, and the mailbox layer strips the extension.
/// - Each target is an address, a program, a file or an `:include:` file. Addresses in a local
///   domain are looked up again (nested aliases); a bare name takes the domain of the address being
///   expanded. Other addresses, and local names that are not aliases, are final mailboxes.
/// - An alias that lists its own name (`root: root, admin`) delivers to the mailbox of that name
///   instead of expanding again, as sendmail and local(8) do.
/// - A name that comes back while it is still being expanded (`a: b`, `b: a`) is an alias loop:
///   that branch delivers nothing and is reported with 5.4.6. Postfix notices the same loop only when
///   nesting passes 100 levels and then reports "alias database loop"; detecting it at once gives the
///   same outcome with a clearer message (the whole cycle is named).
/// - A name reached a second time through another branch is not expanded again: its destinations are
///   already in the result. `:include:` files are read once per expansion, at expansion time (as in
///   local(8)), so edits to them take effect at once and `AliasTable` need not track them.
/// - Nesting deeper than `maximumDepth` (local(8): 100) is a problem for that branch; more than
///   `maximumDestinations` final destinations (like Postfix's `virtual_alias_expansion_limit`,
///   1000) are dropped with a problem.
/// - Final destinations are deduplicated: mailboxes case-insensitively, programs and files exactly.
public struct AliasExpander: Sendable {
    /// local(8)'s fixed nesting limit for aliases and `:include:` files.
    public static let defaultMaximumDepth = 100
    /// The default cap on final destinations, after Postfix's `virtual_alias_expansion_limit`.
    public static let defaultMaximumDestinations = 1000

    /// The aliases.
    public let table: AliasTable
    /// `recipient_delimiter`: the characters that start an address extension; empty for none.
    public let recipientDelimiter: String
    /// How many aliases and `:include:` files may be open at once.
    public let maximumDepth: Int
    /// How many final destinations one recipient may expand to.
    public let maximumDestinations: Int
    private let isLocalDomain: @Sendable (String) -> Bool
    private let includeReader: AliasIncludeReader

    /// An expander over `table`; `isLocalDomain` receives lower-cased domains.
    public init(
        table: AliasTable,
        recipientDelimiter: String = "+",
        maximumDepth: Int = AliasExpander.defaultMaximumDepth,
        maximumDestinations: Int = AliasExpander.defaultMaximumDestinations,
        includeReader: AliasIncludeReader = .fileSystem,
        isLocalDomain: @escaping @Sendable (String) -> Bool
    ) {
        self.table = table
        self.recipientDelimiter = recipientDelimiter
        self.maximumDepth = maximumDepth
        self.maximumDestinations = maximumDestinations
        self.includeReader = includeReader
        self.isLocalDomain = isLocalDomain
    }

    /// An expander whose local domains are `localDomains` (`mydestination`), compared case-insensitively.
    public init(
        table: AliasTable,
        localDomains: [String],
        recipientDelimiter: String = "+",
        includeReader: AliasIncludeReader = .fileSystem
    ) {
        let domains = Set(localDomains.map { $0.lowercased() })
        self.init(table: table, recipientDelimiter: recipientDelimiter, includeReader: includeReader,
                  isLocalDomain: { domains.contains($0) })
    }

    /// Expands `recipient`; a recipient outside the local domains comes back unchanged.
    public func expand(_ recipient: EmailAddress) -> AliasExpansion {
        var walk = Walk(expander: self, original: recipient)
        let isAlias = walk.address(Self.unquoted(recipient.localPart), domain: recipient.domain, parent: nil, path: [])
        return AliasExpansion(originalRecipient: recipient, isAlias: isAlias,
                              destinations: walk.destinations, problems: walk.problems)
    }

    /// The names `local` is looked up under: itself, then without its extension.
    func lookupKeys(_ local: String) -> [String] {
        guard !recipientDelimiter.isEmpty,
              let delimiter = local.firstIndex(where: { recipientDelimiter.contains($0) }),
              delimiter != local.startIndex
        else { return [local] }
        return [local, String(local[..<delimiter])]
    }

    /// `"a b"` as the alias key `a b` (Postfix looks up the internal, unquoted form).
    private static func unquoted(_ localPart: String) -> String {
        guard localPart.unicodeScalars.contains(where: { $0 == "\"" || $0 == "\\" }) else { return localPart }
        let text = Substring(localPart)
        var index = text.startIndex
        guard let word = try? AliasSyntax.word(text, from: &index), index == text.endIndex else { return localPart }
        return word.text
    }

    // MARK: - The walk

    /// The mutable state of one expansion.
    private struct Walk {
        let expander: AliasExpander
        let original: EmailAddress
        var destinations: [AliasDestination] = []
        var problems: [AliasProblem] = []
        private var seen: Set<String> = []
        private var expanded: Set<String> = []
        private var included: Set<String> = []
        private var sizeLimitReported = false

        init(expander: AliasExpander, original: EmailAddress) {
            self.expander = expander
            self.original = original
        }

        /// Delivers to `local@domain`; `parent` is the alias being expanded (its own name stops there),
        /// `path` the aliases and includes open above. `true` when `local` named an alias.
        mutating func address(_ local: String, domain: String, parent: String?, path: [String]) -> Bool {
            guard expander.isLocalDomain(domain) else {
                add(.mailbox(localPart: local, domain: domain))
                return false
            }
            let folded = local.lowercased()
            for key in expander.lookupKeys(folded) {
                if key == parent { break }
                if let entry = expander.table.lookup(key) {
                    expand(entry, domain: domain, path: path)
                    return true
                }
            }
            add(.mailbox(localPart: folded, domain: domain))
            return false
        }

        private mutating func expand(_ entry: AliasEntry, domain: String, path: [String]) {
            if let start = path.firstIndex(of: entry.name) {
                let cycle = (path[start...] + [entry.name]).joined(separator: " -> ")
                report(.loop, "5.4.6", "alias database loop for \(entry.name): \(cycle) (\(entry.file):\(entry.line))")
                return
            }
            guard !expanded.contains(entry.name) else { return }
            guard path.count < expander.maximumDepth else {
                report(.depthLimit, "5.4.6", depthMessage(at: "alias \"\(entry.name)\""))
                return
            }
            expanded.insert(entry.name)
            deliver(entry.values, parent: entry.name, domain: domain, path: path + [entry.name])
        }

        private mutating func deliver(_ values: [AliasValue], parent: String, domain: String, path: [String]) {
            for value in values {
                switch value {
                case .address(let text):
                    if let at = text.lastIndex(of: "@") {
                        _ = address(String(text[..<at]), domain: text[text.index(after: at)...].lowercased(),
                                    parent: parent, path: path)
                    } else {
                        _ = address(text, domain: domain, parent: parent, path: path)
                    }
                case .program(let command): add(.program(command))
                case .file(let file): add(.file(file))
                case .include(let file): include(file, parent: parent, domain: domain, path: path)
                }
            }
        }

        private mutating func include(_ file: String, parent: String, domain: String, path: [String]) {
            guard !included.contains(file) else { return }
            guard path.count < expander.maximumDepth else {
                report(.depthLimit, "5.4.6", depthMessage(at: ":include:\(file)"))
                return
            }
            included.insert(file)
            let values: [AliasValue]
            do {
                let text = try expander.includeReader.read(file)
                values = try AliasesFile.parseIncludeFile(text, file: file)
            } catch {
                report(.include, "5.3.5", "\(error) (:include: in alias \"\(parent)\")")
                return
            }
            deliver(values, parent: parent, domain: domain, path: path + [":include:" + file])
        }

        private mutating func add(_ destination: AliasDestination) {
            let key = destination.deduplicationKey
            guard !seen.contains(key) else { return }
            guard destinations.count < expander.maximumDestinations else {
                if !sizeLimitReported {
                    sizeLimitReported = true
                    report(.sizeLimit, "5.3.4", "alias expansion of \(original) exceeds \(expander.maximumDestinations) "
                           + "destinations; \(destination) and the rest are dropped")
                }
                return
            }
            seen.insert(key)
            destinations.append(destination)
        }

        private func depthMessage(at place: String) -> String {
            "alias expansion of \(original) nests more than \(expander.maximumDepth) levels deep at \(place)"
        }

        private mutating func report(_ code: AliasProblem.Code, _ status: String, _ message: String) {
            problems.append(AliasProblem(code, enhancedStatus: status, message: message))
        }
    }
}
