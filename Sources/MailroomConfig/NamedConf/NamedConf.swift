/// A BIND 9 `named.conf`, reduced to what an authoritative-only server needs: options,
/// TSIG keys, ACLs and primary zones (the `named_conf` setting).
///
/// Made by `NamedConf.parse(_:file:include:)` or `NamedConf.load(path:)`. Statements that do
/// not change what mailroom answers are dropped with a `NamedConfWarning`; those whose meaning
/// mailroom cannot honour (views, secondary zones, recursion) are errors.
public struct NamedConf: Sendable, Hashable {
    /// The `options` statement (all absent when there is none).
    public var options: NamedConfOptions
    /// The `key` statements, in order.
    public var keys: [NamedConfKey]
    /// The `acl` statements, in order.
    public var acls: [NamedConfACL]
    /// The `zone` statements, in order.
    public var zones: [NamedConfZone]
    /// What was skipped, in file order.
    public var warnings: [NamedConfWarning]

    /// Makes a configuration.
    public init(
        options: NamedConfOptions = NamedConfOptions(), keys: [NamedConfKey] = [], acls: [NamedConfACL] = [],
        zones: [NamedConfZone] = [], warnings: [NamedConfWarning] = []
    ) {
        self.options = options
        self.keys = keys
        self.acls = acls
        self.zones = zones
        self.warnings = warnings
    }

    /// The key called `name` (compared case-insensitively, trailing dot ignored).
    public func key(named name: String) -> NamedConfKey? {
        let wanted = NamedConfKey.canonicalName(name)
        return keys.first { $0.canonicalName == wanted }
    }

    /// The zone whose origin is `name` (compared case-insensitively, trailing dot ignored).
    public func zone(named name: String) -> NamedConfZone? {
        let wanted = NamedConfZone.canonicalName(name)
        return zones.first { $0.name == wanted }
    }
}
