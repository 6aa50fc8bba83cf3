/// A primary zone from a `zone` statement (BIND ARM "zone Statement Grammar"):
/// `zone "DOMAIN" [IN] { type primary; file "FILE"; ... };`.
public struct NamedConfZone: Sendable, Hashable {
    /// The zone's origin, lower-cased, without a trailing dot (as `DNSZoneSetting` has it);
    /// the root zone is `.`.
    public var name: String
    /// The zone file: absolute as written, or a relative name joined to the `directory`
    /// option (left relative when there is no `directory`).
    public var file: String
    /// The zone's `allow-query`; `nil` when absent (the `options` one applies).
    public var allowQuery: AddressMatchList?
    /// The zone's `allow-transfer`; `nil` when absent (the `options` one applies).
    public var allowTransfer: AddressMatchList?
    /// The file holding the `zone` statement (named.conf or an included file).
    public var definedIn: String
    /// The line the `zone` statement starts on.
    public var line: Int

    /// Makes a zone.
    public init(
        name: String, file: String, allowQuery: AddressMatchList? = nil, allowTransfer: AddressMatchList? = nil,
        definedIn: String, line: Int
    ) {
        self.name = name
        self.file = file
        self.allowQuery = allowQuery
        self.allowTransfer = allowTransfer
        self.definedIn = definedIn
        self.line = line
    }

    /// The `DNSZoneSetting` for this zone, so named.conf zones join `dns_zones` ones.
    public var setting: DNSZoneSetting { DNSZoneSetting(domain: name, file: file) }
}

extension NamedConfZone {
    /// A zone name lower-cased without its trailing dot; the root stays `.`.
    static func canonicalName(_ name: String) -> String {
        var name = name.lowercased()
        if name.hasSuffix("."), name.count > 1 { name.removeLast() }
        return name
    }
}
