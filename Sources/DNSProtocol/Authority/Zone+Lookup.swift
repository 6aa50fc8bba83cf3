extension DNSRecordType {
    /// RFC 4034 §5: DS lives on the parent side of a zone cut.
    static let delegationSigner = DNSRecordType.ds
    /// RFC 4034 §2.
    static let dnsKey = DNSRecordType(rawValue: 48)
    /// RFC 7344.
    static let childDS = DNSRecordType(rawValue: 59)
    /// RFC 7344.
    static let childDNSKey = DNSRecordType(rawValue: 60)
}

extension Zone {
    /// Finds `name` in this zone, following RFC 1034 §4.3.2 step 3 with RFC 4592 wildcards.
    ///
    /// `name` must be at or below `origin`. A zone cut above or at the name wins (a referral),
    /// except that DS at the cut itself is parent-side data (RFC 4035 §3.1.4.1) and is looked up
    /// here. Wildcards only apply below the closest encloser, which any existing name blocks,
    /// empty non-terminals included (RFC 4592 §2.2.2).
    func find(_ name: DNSName, type: DNSRecordType) -> ZoneMatch {
        let depth = name.labels.count
        let originDepth = origin.labels.count
        if !cuts.isEmpty && depth > originDepth {
            // Walk down from just below the apex so the highest cut wins.
            for ancestorDepth in (originDepth + 1)...depth {
                let ancestor =
                    ancestorDepth == depth ? name : DNSName(uncheckedLabels: Array(name.labels.suffix(ancestorDepth)))
                guard cuts.contains(ancestor) else { continue }
                if ancestorDepth == depth && type == .delegationSigner { break }
                if let nameServers = nodes[ancestor]?.rrset(.ns) { return .delegation(nameServers) }
            }
        }
        if let node = nodes[name] { return .node(node, synthesizedOwner: nil) }

        // RFC 4592 §3.3.1: the closest encloser is the deepest existing ancestor.
        var encloser = name.parent
        while encloser.labels.count > originDepth, nodes[encloser] == nil {
            encloser = encloser.parent
        }
        if let wildcardName = encloser.prepending(Zone.asterisk), let wildcard = nodes[wildcardName] {
            return .node(wildcard, synthesizedOwner: name)
        }
        return .nonexistent
    }

    /// The A and AAAA RRsets to put in an additional section for `target` (RFC 1035 §4.3.2
    /// step 6), when this zone is authoritative for it: not above the apex, not at or below a
    /// cut, not an alias. Wildcards apply, as in BIND's authoritative additional look-up.
    func addressRecords(for target: DNSName) -> [ResourceRecordSet] {
        guard target.isSubdomain(of: origin), case .node(let node, let owner) = find(target, type: .a) else {
            return []
        }
        var found: [ResourceRecordSet] = []
        for type in [DNSRecordType.a, .aaaa] {
            guard let set = node.rrset(type) else { continue }
            found.append(owner.map { set.renamed(to: $0) } ?? set)
        }
        return found
    }

    /// Glue for a referral (RFC 1034 §4.3.2 step 3b): A and AAAA at `target` if it lies in this
    /// zone, occluded data below the cut included.
    func glueRecords(for target: DNSName) -> [ResourceRecordSet] {
        guard target.isSubdomain(of: origin), let node = nodes[target] else { return [] }
        return [node.rrset(.a), node.rrset(.aaaa)].compactMap { $0 }
    }

    private static let asterisk: [UInt8] = [UInt8(ascii: "*")]
}
