import DNSProtocol

/// Bookkeeping for one CNAME walk: the names seen (loop detection, RFC 1034 §3.6.2) and the
/// number of aliases taken (the work bound RFC 1034 §5.3.3 asks resolvers to impose).
struct AliasChain {
    private var visited: Set<DNSName>
    private var followed = 0
    private let limit: Int

    init(start: DNSName, limit: Int) {
        self.visited = [start]
        self.limit = limit
    }

    /// Takes each alias in order and returns the last target; throws on a loop or over-long chain.
    mutating func follow(_ aliases: [ResourceRecord]) throws(DNSResolutionError) -> DNSName {
        var target = aliases.first?.name ?? .root
        for alias in aliases {
            guard case .cname(let next) = alias.data else { continue }
            followed += 1
            guard followed <= limit else { throw .aliasChainTooLong(alias.name) }
            guard visited.insert(next).inserted else { throw .aliasLoop(next) }
            target = next
        }
        return target
    }
}
