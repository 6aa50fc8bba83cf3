import DNSProtocol

/// Everything the DNS server answers from, as one immutable snapshot: the zones, the TSIG keys and
/// the access rules. A reload builds a new one and swaps it in (``ServedZonesStore``), so a query
/// always sees one consistent version.
public struct ServedZones: Sendable {
    /// The zones.
    public let catalog: ZoneCatalog
    /// Keys for TSIG-signed requests (RFC 8945).
    public let keyring: TSIGKeyring
    /// `allow-query` of each zone that has its own, by origin.
    public let queryRules: [DNSName: DNSAccessRule]
    /// `allow-query` in `options`; `nil` lets everyone query (BIND's default).
    public let defaultQueryRule: DNSAccessRule?
    /// `allow-transfer` of each zone that has its own, by origin.
    public let transferRules: [DNSName: DNSAccessRule]
    /// `allow-transfer` in `options`; without one, nobody may transfer a zone that has no rule of its
    /// own (safer than BIND 9.18's old default of anyone).
    public let defaultTransferRule: DNSAccessRule

    public init(catalog: ZoneCatalog, keyring: TSIGKeyring = TSIGKeyring(),
                queryRules: [DNSName: DNSAccessRule] = [:], defaultQueryRule: DNSAccessRule? = nil,
                transferRules: [DNSName: DNSAccessRule] = [:], defaultTransferRule: DNSAccessRule = .noOne) {
        self.catalog = catalog
        self.keyring = keyring
        self.queryRules = queryRules
        self.defaultQueryRule = defaultQueryRule
        self.transferRules = transferRules
        self.defaultTransferRule = defaultTransferRule
    }

    /// The rule for queries answered from the zone at `origin`; `nil` when anyone may ask.
    func queryRule(for origin: DNSName) -> DNSAccessRule? {
        queryRules[origin] ?? defaultQueryRule
    }

    /// The rule for transfers of the zone at `origin`.
    func transferRule(for origin: DNSName) -> DNSAccessRule {
        transferRules[origin] ?? defaultTransferRule
    }

    /// True when no zone or default restricts queries, so answers need no client address.
    var queriesAreOpen: Bool {
        queryRules.isEmpty && defaultQueryRule == nil
    }
}
