/// One authoritative zone (RFC 1034 §4.2, RFC 1035 §5.2), validated like `named-checkzone` and
/// indexed for answering.
///
/// An immutable final class, so handing a zone around costs one retain, not one per index.
/// `Sendable`: a server builds a new `Zone` on reload and swaps it in whole, so
/// queries in flight keep reading the old one. All look-ups are dictionary probes keyed by name
/// (case-insensitive, RFC 4343); nothing scans the zone per query.
public final class Zone: Sendable {
    /// The apex name.
    public let origin: DNSName
    /// The apex SOA record (RFC 1035 §3.3.13).
    public let soa: ResourceRecord
    /// The apex NS RRset (RFC 1034 §4.2.1), added to the authority section of positive answers.
    public let nameServers: ResourceRecordSet
    /// Non-fatal findings, worded like `named-checkzone` (for example a TTL that was set to the
    /// RRset's prior TTL, RFC 2181 §5.2).
    public let warnings: [String]
    /// Every record except the SOA, apex first, duplicates removed and TTLs unified.
    public let records: [ResourceRecord]

    /// Every name of the zone, including empty non-terminals (RFC 8020) and glue below cuts.
    let nodes: [DNSName: ZoneNode]
    /// Names below the apex that own an NS RRset: the zone cuts (RFC 1034 §4.2.1).
    let cuts: Set<DNSName>
    /// The SOA as negative answers carry it: TTL = min(SOA TTL, MINIMUM) (RFC 2308 §3).
    let negativeSOA: ResourceRecord

    /// Validates and indexes `records` as the zone at `origin`.
    ///
    /// Throws the first problem `named-checkzone` would report as an error; warnings are kept in
    /// `warnings`. Record classes must be IN.
    public init(origin: DNSName, records: [ResourceRecord]) throws(ZoneError) {
        var builder = try ZoneBuilder(origin: origin, records: records)
        var sets: [DNSName: [ResourceRecordSet]] = [:]
        var names: [DNSName] = []
        for set in builder.sets {
            if sets[set.name] == nil { names.append(set.name) }
            sets[set.name, default: []].append(set)
        }
        var nodes: [DNSName: ZoneNode] = [:]
        nodes.reserveCapacity(names.count * 2)
        var cuts: Set<DNSName> = []
        for name in names {
            let node = ZoneNode(rrsets: sets[name] ?? [])
            nodes[name] = node
            if name != origin, node.rrset(.ns) != nil { cuts.insert(name) }
            // RFC 8020 §2: every ancestor of an existing name exists, if only as an empty node.
            var ancestor = name.parent
            while ancestor.labels.count >= origin.labels.count, nodes[ancestor] == nil {
                nodes[ancestor] = .emptyNonTerminal
                ancestor = ancestor.parent
            }
        }
        try builder.checkIntegrity(nodes: nodes, cuts: cuts)

        // ZoneBuilder guarantees exactly one apex SOA and an apex NS RRset.
        let apex = nodes[origin] ?? .emptyNonTerminal
        guard let soaSet = apex.rrset(.soa), let soa = soaSet.records.first, case .soa(let rdata) = soa.data,
            let nameServers = apex.rrset(.ns)
        else { throw ZoneError(origin: origin, "has 0 SOA records") }

        self.origin = origin
        self.soa = soa
        self.nameServers = nameServers
        self.warnings = builder.warnings
        self.nodes = nodes
        self.cuts = cuts
        self.negativeSOA = ResourceRecord(
            name: soa.name, dnsClass: soa.dnsClass, ttl: min(soa.ttl, rdata.minimum), data: soa.data)
        let ordered = apex.rrsets + names.filter { $0 != origin }.flatMap { sets[$0] ?? [] }
        self.records = ordered.filter { $0.type != .soa }.flatMap(\.records)
    }

    /// The SOA serial (RFC 1035 §3.3.13, compared with RFC 1982 arithmetic by secondaries).
    public var serial: UInt32 {
        if case .soa(let rdata) = soa.data { return rdata.serial }
        return 0
    }

    /// The zone as AXFR sends it (RFC 5936 §2.2): the SOA, every other record, the SOA again.
    public var transferRecords: [ResourceRecord] {
        [soa] + records + [soa]
    }

    /// The RRset of `type` owned by exactly `name`, including data occluded by a zone cut; for
    /// inspection and glue, not for answering (use `find`).
    public func rrset(named name: DNSName, type: DNSRecordType) -> ResourceRecordSet? {
        nodes[name]?.rrset(type)
    }
}
