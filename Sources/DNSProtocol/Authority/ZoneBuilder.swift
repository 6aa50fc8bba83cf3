/// Groups a zone's records into RRsets and checks them the way `named-checkzone` does before a
/// `Zone` indexes them.
///
/// Rules: records lie at or below the origin (out-of-zone data is rejected), only the apex has
/// an SOA and has exactly one, the apex has NS records (RFC 1034 §4.2.1), a CNAME stands alone
/// (RFC 1034 §3.6.2, RFC 2181 §10.1), an RRset has one TTL (RFC 2181 §5.2: BIND keeps the first
/// and warns), duplicate records collapse (RFC 2181 §5), and in-zone name servers have addresses
/// (BIND's `check-integrity`).
struct ZoneBuilder {
    let origin: DNSName
    /// RRsets in order of first appearance.
    private(set) var sets: [ResourceRecordSet] = []
    private(set) var warnings: [String] = []

    /// Types BIND lets share a name with a CNAME (RFC 2181 §10.1, RFC 4035 §2.5): RRSIG, NSEC, KEY.
    private static let cnameCompanions: Set<UInt16> = [46, 47, 25]

    init(origin: DNSName, records: [ResourceRecord]) throws(ZoneError) {
        self.origin = origin
        try group(records)
        try checkSingletons()
    }

    /// Builds RRsets: one owner spelling and TTL per set, duplicates dropped.
    private mutating func group(_ records: [ResourceRecord]) throws(ZoneError) {
        var index: [RRsetKey: Int] = [:]
        var pending: [(name: DNSName, type: DNSRecordType, ttl: UInt32, records: [ResourceRecord])] = []
        for record in records {
            guard record.dnsClass == .internet else {
                throw ZoneError(
                    origin: origin, "\(record.name.bindDisplay): class \(record.dnsClass) does not match zone class IN")
            }
            guard record.name.isSubdomain(of: origin) else {
                throw ZoneError(origin: origin, "out of zone data (\(record.name.bindDisplay))")
            }
            if record.type == .soa && record.name != origin {
                throw ZoneError(origin: origin, "SOA record not at top of zone (\(record.name.bindDisplay))")
            }
            let key = RRsetKey(name: record.name, type: record.type)
            if let position = index[key] {
                let set = pending[position]
                if record.ttl != set.ttl {
                    warnings.append(
                        "zone \(origin.bindDisplay)/IN: \(record.name.bindDisplay)/\(record.type): "
                            + "TTL set to prior TTL (\(set.ttl))")
                }
                guard !set.records.contains(where: { $0.data == record.data }) else { continue }
                pending[position].records.append(
                    ResourceRecord(name: set.name, dnsClass: .internet, ttl: set.ttl, data: record.data))
            } else {
                index[key] = pending.count
                pending.append((record.name, record.type, record.ttl, [record]))
            }
        }
        sets = pending.map { ResourceRecordSet(name: $0.name, type: $0.type, ttl: $0.ttl, records: $0.records) }
    }

    /// One SOA at the apex, NS at the apex, and CNAMEs alone and single.
    private func checkSingletons() throws(ZoneError) {
        var typesByName: [DNSName: [DNSRecordType]] = [:]
        for set in sets { typesByName[set.name, default: []].append(set.type) }
        let apex = sets.filter { $0.name == origin }
        guard let soa = apex.first(where: { $0.type == .soa }) else {
            throw ZoneError(origin: origin, "has 0 SOA records")
        }
        guard soa.records.count == 1 else {
            throw ZoneError(origin: origin, "has \(soa.records.count) SOA records")
        }
        guard apex.contains(where: { $0.type == .ns }) else {
            throw ZoneError(origin: origin, "has no NS records")
        }
        for set in sets where set.type == .cname {
            guard set.records.count == 1 else {
                throw ZoneError(origin: origin, "\(set.name.bindDisplay): multiple RRs of singleton type")
            }
            let others = typesByName[set.name, default: []].filter {
                $0 != .cname && !ZoneBuilder.cnameCompanions.contains($0.rawValue)
            }
            guard others.isEmpty else {
                throw ZoneError(origin: origin, "\(set.name.bindDisplay): CNAME and other data")
            }
        }
    }

    /// BIND's `check-integrity`: in-zone NS targets need addresses (an error), MX and SRV
    /// targets should have them and must not be CNAMEs (warnings, `check-mx-cname warn`).
    mutating func checkIntegrity(nodes: [DNSName: ZoneNode], cuts: Set<DNSName>) throws(ZoneError) {
        func isOccluded(_ name: DNSName) -> Bool {
            var candidate = name
            while candidate.labels.count > origin.labels.count {
                if cuts.contains(candidate) { return true }
                candidate = candidate.parent
            }
            return false
        }
        for set in sets {
            for record in set.records {
                guard let target = record.data.targetName, target.isSubdomain(of: origin) else { continue }
                let node = nodes[target]
                let isAlias = node?.rrset(.cname) != nil
                let hasAddress = node?.rrset(.a) != nil || node?.rrset(.aaaa) != nil
                switch set.type {
                case .ns:
                    // Glue below another cut still counts: BIND looks it up with GLUEOK.
                    if isAlias { throw ZoneError(origin: origin, "NS '\(target.bindDisplay)' is a CNAME (illegal)") }
                    if !hasAddress {
                        throw ZoneError(origin: origin, "NS '\(target.bindDisplay)' has no address records (A or AAAA)")
                    }
                case .mx, .srv:
                    guard !isOccluded(target) else { continue }
                    let prefix = "zone \(origin.bindDisplay)/IN: \(set.type) '\(target.bindDisplay)'"
                    if isAlias {
                        warnings.append("\(prefix) is a CNAME (illegal)")
                    } else if !hasAddress {
                        warnings.append("\(prefix) has no address records (A or AAAA)")
                    }
                default:
                    continue
                }
            }
        }
    }
}
