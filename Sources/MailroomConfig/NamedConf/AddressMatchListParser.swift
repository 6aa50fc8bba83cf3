import MailCore

/// Builds `AddressMatchList`s from `{ ... }` blocks, resolving ACL names and checking key names.
///
/// BIND resolves ACL names once the whole configuration is read, so an ACL may be used before
/// its `acl` statement; this parser is therefore made after every statement has been collected,
/// and resolves each ACL on first use (memoised, loops reported).
struct AddressMatchListParser {
    /// The names BIND reserves (ARM "Address Match Lists"); an `acl` may not redefine them.
    static let builtinNames: Set<String> = ["any", "none", "localhost", "localnets"]

    /// `acl` statements by lower-cased name.
    private let definitions: [String: NamedConfStatement]
    /// Canonical names of the `key` statements.
    private let keyNames: Set<String>
    private var resolved: [String: AddressMatchList] = [:]
    private var resolving: [String] = []

    /// Prepares to parse lists that may refer to `acls` and `keyNames` (canonical).
    init(acls: [String: NamedConfStatement], keyNames: Set<String>) {
        self.definitions = acls
        self.keyNames = keyNames
    }

    /// The resolved list of the ACL called `name` (any case).
    mutating func acl(named name: String, usedBy statement: NamedConfStatement, at term: NamedConfTerm?) throws(ConfigError) -> AddressMatchList {
        let key = name.lowercased()
        if let list = resolved[key] { return list }
        guard let definition = definitions[key] else {
            throw statement.error(.undefinedReference, "unknown ACL \"\(name)\"", at: term)
        }
        if resolving.contains(key) {
            throw definition.error(.cycle, "ACL \"\(name)\" refers to itself")
        }
        resolving.append(key)
        defer { resolving.removeLast() }
        let list = try self.list(definition, at: 2)
        resolved[key] = list
        return list
    }

    /// The list in `statement`'s block at term `position`, e.g. position 1 of
    /// `allow-query { ... };`.
    mutating func list(_ statement: NamedConfStatement, at position: Int) throws(ConfigError) -> AddressMatchList {
        let usage = "\(statement.keyword) { address_match_list };"
        let block = try statement.block(at: position, usage: usage)
        try statement.expectCount(position + 1, usage: usage)
        return try list(block)
    }

    private mutating func list(_ block: [NamedConfStatement]) throws(ConfigError) -> AddressMatchList {
        var elements: [AddressMatchElement] = []
        for statement in block {
            elements.append(try element(statement))
        }
        return AddressMatchList(elements)
    }

    // element = [ "!" ] ( address | prefix | "key" name | acl_name | "{" list "}" )
    private mutating func element(_ statement: NamedConfStatement) throws(ConfigError) -> AddressMatchElement {
        var terms = statement.terms[...]
        var negated = false
        if case .bang? = terms.first?.kind {
            negated = true
            terms = terms.dropFirst()
        }
        guard let first = terms.first else {
            throw statement.error(.syntax, "\"!\" must be followed by an address match element")
        }
        let usage = "an address, prefix, ACL name, key NAME or { list }"
        let term: AddressMatchTerm
        var used = 1
        switch first.kind {
        case .block(let inner):
            term = .list(try list(inner))
        case .bang:
            throw statement.error(.syntax, "\"!\" must be followed by an address match element", at: first)
        case .word(let text) where text.lowercased() == "key":
            guard terms.count >= 2, let name = terms[terms.startIndex + 1].text else {
                throw statement.error(.syntax, "\"key\" must be followed by a key name", at: first)
            }
            let canonical = NamedConfKey.canonicalName(name)
            guard keyNames.contains(canonical) else {
                throw statement.error(.undefinedReference, "unknown key \"\(name)\"", at: terms[terms.startIndex + 1])
            }
            term = .key(canonical)
            used = 2
        case .word(let text):
            term = try wordTerm(text, statement: statement, at: first)
        case .string(let text):
            // A quoted element can only be an ACL name; BIND does not quote addresses.
            term = .acl(name: text, list: try acl(named: text, usedBy: statement, at: first))
        }
        if terms.count > used {
            let extra = terms[terms.startIndex + used]
            throw statement.error(.syntax, "missing \";\" before \(extra.display) (expected \(usage))", at: extra)
        }
        return AddressMatchElement(negated: negated, term)
    }

    private mutating func wordTerm(_ text: String, statement: NamedConfStatement, at term: NamedConfTerm) throws(ConfigError) -> AddressMatchTerm {
        switch text.lowercased() {
        case "any": return .any
        case "none": return .none
        case "localhost": return .localhost
        case "localnets": return .localnets
        default: break
        }
        if let network = try Self.network(text, statement: statement, at: term) { return .network(network) }
        return .acl(name: text, list: try acl(named: text, usedBy: statement, at: term))
    }

    /// Parses an address or `ADDRESS/LENGTH` prefix; `nil` when `text` looks like neither (so
    /// it may be an ACL name). BIND's short IPv4 prefixes (`10/8`, `192.168/16`) are accepted.
    static func network(_ text: String, statement: NamedConfStatement, at term: NamedConfTerm) throws(ConfigError) -> IPNetwork? {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        var addressText = String(parts[0])
        let looksNumeric = addressText.contains(":") || addressText.allSatisfy { $0 == "." || ($0.isASCII && $0.isNumber) }
        guard looksNumeric, !addressText.isEmpty else { return nil }
        if parts.count == 2, !addressText.contains(":") {
            let octets = addressText.split(separator: ".", omittingEmptySubsequences: false).count
            if octets < 4 { addressText += String(repeating: ".0", count: 4 - octets) }
        }
        guard let address = IPAddress(addressText) else {
            throw statement.error(.invalidValue, "\"\(text)\" is not an IP address or prefix", at: term)
        }
        guard parts.count == 2 else {
            return IPNetwork(address: address, prefixLength: address.bytes.count * 8)
        }
        let lengthText = parts[1]
        guard !lengthText.isEmpty, lengthText.count <= 3, lengthText.allSatisfy({ $0.isASCII && $0.isNumber }),
              let length = Int(lengthText), let network = IPNetwork(address: address, prefixLength: length)
        else {
            throw statement.error(.invalidValue, "\"\(text)\" has a bad prefix length", at: term)
        }
        // BIND rejects host bits below the prefix ("address/prefix length mismatch"): usually a typo.
        guard network.address == address else {
            throw statement.error(.invalidValue, "\"\(text)\": address has bits set beyond the /\(length) prefix (did you mean \(network.address)/\(length)?)", at: term)
        }
        return network
    }
}
