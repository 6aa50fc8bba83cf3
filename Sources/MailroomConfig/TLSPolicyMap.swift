import Foundation

/// Postfix's `smtp_tls_policy_maps`: a TLS level for some destinations, overriding
/// `smtp_tls_security_level`. A lookup table (``LookupTable``'s text form) whose keys are next hops
/// as Postfix writes them (`example.com`, `.example.com` for its subdomains, `[mx.example.com]:587`
/// for a relay host) and whose values are a level and attributes:
///
///     example.com        secure match=example.com:.example.com
///     [relay.example]:587 encrypt
///     .example.net       dane
///
/// Of the attributes `match=` (names separated by `:`) and `protocols=` (as `smtp_tls_protocols`
/// writes them, `:` between items) are read; any other (`ciphers=`, `exclude=`, `tafile=`…) is
/// refused rather than quietly ignored, since ignoring it could weaken what the administrator asked for.
public struct TLSPolicyMap: Sendable, Hashable {
    /// What one entry asks for.
    public struct Policy: Sendable, Hashable {
        /// The level for the destination.
        public var level: SMTPTLSSecurityLevel
        /// `match=`: the names the certificate may have under `verify` and `secure`, in
        /// `smtp_tls_verify_cert_match` form; `nil` uses the setting for the level.
        public var match: [String]?
        /// `protocols=`: the TLS versions for the destination; `nil` uses `smtp_tls_protocols` or
        /// `smtp_tls_mandatory_protocols`, whichever the level calls for.
        public var protocols: TLSProtocols?

        public init(level: SMTPTLSSecurityLevel, match: [String]? = nil, protocols: TLSProtocols? = nil) {
            self.level = level
            self.match = match
            self.protocols = protocols
        }
    }

    /// The entries by lower-cased key.
    public private(set) var entries: [String: Policy] = [:]

    public init(_ entries: [String: Policy] = [:]) {
        self.entries = Dictionary(entries.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// Reads the files in order (an earlier file's entry wins). Postfix's map-type prefixes are
    /// already stripped from `paths`.
    public static func load(_ paths: [String]) throws(ConfigError) -> TLSPolicyMap {
        var map = TLSPolicyMap()
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigError(.unreadable, file: path, line: nil, message: "cannot read the TLS policy table")
            }
            for (key, policy) in try parse(String(decoding: data, as: UTF8.self), file: path) where map.entries[key] == nil {
                map.entries[key] = policy
            }
        }
        return map
    }

    /// The entries of one table's text.
    static func parse(_ text: String, file: String) throws(ConfigError) -> [String: Policy] {
        var policies: [String: Policy] = [:]
        for (key, value) in try LookupTable.parse(text, file: file) {
            let words = value.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let level = SMTPTLSSecurityLevel(rawValue: words[0].lowercased()) else {
                throw ConfigError(.invalidValue, file: file, line: nil,
                                  message: "\(key): \"\(words[0])\" is not none, may, encrypt, dane, verify or secure")
            }
            policies[key] = try policy(level, attributes: words.dropFirst(), key: key, file: file)
        }
        return policies
    }

    /// A level and its `name=value` attributes; an attribute written twice, without `=`, or not
    /// read here is refused, as Postfix marks such an entry invalid.
    private static func policy(_ level: SMTPTLSSecurityLevel, attributes: ArraySlice<Substring>, key: String,
                               file: String) throws(ConfigError) -> Policy {
        var policy = Policy(level: level)
        var seen: Set<String> = []
        for attribute in attributes {
            let name = attribute.prefix { $0 != "=" }.lowercased()
            let value = attribute.drop { $0 != "=" }.dropFirst()
            func refuse(_ problem: String) -> ConfigError {
                ConfigError(.invalidValue, file: file, line: nil, message: "\(key): \"\(attribute)\" \(problem)")
            }
            guard ["match", "protocols"].contains(name) else {
                throw refuse("is not supported (only match= and protocols=)")
            }
            guard attribute.contains("=") else { throw refuse("has no \"=\"") }
            guard seen.insert(name).inserted else { throw refuse("repeats \(name)=") }
            if name == "match" {
                guard !value.isEmpty else { throw refuse("names no certificate name") }
                policy.match = value.split(separator: ":").map { $0.lowercased() }
            } else {
                do {
                    policy.protocols = try TLSProtocols.parse(String(value))
                } catch {
                    throw refuse("is not valid: \"\(error.value)\" \(error.problem)")
                }
            }
        }
        return policy
    }

    /// The policy for a next hop (a domain, or `[host]:port` for a relay host): the entry for it,
    /// else, for a bare domain, the `.parent` entry of the nearest parent domain.
    public func policy(for nextHop: String) -> Policy? {
        let key = nextHop.lowercased()
        if let policy = entries[key] { return policy }
        guard !key.hasPrefix("["), !key.contains(":") else { return nil }
        var rest = Substring(key)
        while let dot = rest.firstIndex(of: ".") {
            rest = rest[rest.index(after: dot)...]
            if let policy = entries["." + rest] { return policy }
        }
        return nil
    }
}
