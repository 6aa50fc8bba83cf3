/// The zones a server is authoritative for, found by closest enclosing origin (RFC 1034 §4.3.2
/// step 2), as BIND's zone table does.
///
/// Immutable and `Sendable`: on reload, build a new catalog and swap it in atomically.
public struct ZoneCatalog: Sendable {
    /// Zones keyed by origin (case-insensitive).
    private let zonesByOrigin: [DNSName: Zone]
    /// Label counts of the shallowest and deepest origins, to bound the ancestor walk.
    private let depths: ClosedRange<Int>

    /// A catalog of `zones`; throws when two zones share an origin.
    public init(zones: [Zone]) throws(ZoneError) {
        var byOrigin: [DNSName: Zone] = [:]
        for zone in zones {
            guard byOrigin[zone.origin] == nil else {
                throw ZoneError(origin: zone.origin, "already exists")
            }
            byOrigin[zone.origin] = zone
        }
        zonesByOrigin = byOrigin
        let counts = zones.map(\.origin.labels.count)
        depths = (counts.min() ?? 0)...(counts.max() ?? 0)
    }

    /// The zones, in no particular order.
    public var zones: [Zone] { Array(zonesByOrigin.values) }

    /// The zone whose origin is exactly `origin` (for AXFR, NOTIFY, SOA checks).
    public func zone(named origin: DNSName) -> Zone? {
        zonesByOrigin[origin]
    }

    /// The zone with the deepest origin at or above `name`, or `nil` when no zone encloses it.
    public func zone(enclosing name: DNSName) -> Zone? {
        guard !zonesByOrigin.isEmpty else { return nil }
        var depth = name.labels.count
        guard depth >= depths.lowerBound else { return nil }
        var candidate = name
        while depth > depths.upperBound {
            candidate = candidate.parent
            depth -= 1
        }
        while depth >= depths.lowerBound {
            if let zone = zonesByOrigin[candidate] { return zone }
            if depth == 0 { break }
            candidate = candidate.parent
            depth -= 1
        }
        return nil
    }

    /// The zone that answers a question for `name` and `type`. DS belongs to the parent side of
    /// a cut (RFC 4035 §3.1.4.1), so BIND asks the deepest zone strictly above `name` first and
    /// falls back to the zone at `name` when it serves no parent.
    func zone(answering name: DNSName, type: DNSRecordType) -> Zone? {
        if type == .delegationSigner, !name.isRoot, zonesByOrigin[name] != nil {
            return zone(enclosing: name.parent) ?? zonesByOrigin[name]
        }
        return zone(enclosing: name)
    }
}
