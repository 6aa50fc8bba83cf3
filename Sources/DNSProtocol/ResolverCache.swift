/// A bounded stub-resolver cache of RRsets and negative answers (RFC 1035 §7.4, RFC 2181 §5,
/// RFC 2308 §5). A value type with time passed in, so it is deterministic under test and lives
/// inside the resolver actor without locks.
public struct ResolverCache: Sendable {
    /// What the cache is keyed by. `type == nil` holds NXDOMAIN, which RFC 2308 §5 caches
    /// "against the name regardless of type".
    public struct Key: Hashable, Sendable {
        public var name: DNSName
        public var type: DNSRecordType?
        public var dnsClass: DNSClass

        /// The key for an RRset or NODATA (`type` set) or NXDOMAIN (`type == nil`), RFC 2308 §5.
        public init(name: DNSName, type: DNSRecordType?, dnsClass: DNSClass = .internet) {
            // DNSName already compares case-insensitively; lower-casing keeps stored keys canonical.
            self.name = name.lowercased
            self.type = type
            self.dnsClass = dnsClass
        }
    }

    /// A cache answer, TTLs counted down to the time of the lookup (RFC 1035 §7.4 hands out
    /// the remaining TTL, not the original).
    public enum Hit: Hashable, Sendable {
        /// The RRset asked for.
        case records([ResourceRecord])
        /// No RRset of the type, but the name is an alias: the stub follows it (RFC 1034 §3.6.2).
        case alias(ResourceRecord)
        case nameError(negativeTTL: UInt32)
        case noData(negativeTTL: UInt32)
    }

    private enum Stored: Sendable {
        case records([ResourceRecord])
        case nameError
        case noData
    }

    private struct Entry: Sendable {
        var stored: Stored
        var expires: ContinuousClock.Instant
        /// The response that gave it had the AD bit from a trusted resolver (RFC 4035 §3.2.3).
        var authenticated: Bool
    }

    /// Upper bound on how long anything is kept, whatever the server says (RFC 1035 §7.4 / RFC 8767 §4 suggest ≤ 7 days).
    public var maximumTTL: UInt32
    /// Upper bound for negative answers (RFC 2308 §5 recommends one to three hours).
    public var maximumNegativeTTL: UInt32
    /// Entry-count bound; when full, expired entries go first, then those closest to expiry.
    public let capacity: Int
    private var entries: [Key: Entry] = [:]

    /// An empty cache; defaults hold 10 000 entries, one day positive, three hours negative (RFC 2308 §5).
    public init(capacity: Int = 10_000, maximumTTL: UInt32 = 86_400, maximumNegativeTTL: UInt32 = 10_800) {
        self.capacity = max(1, capacity)
        self.maximumTTL = maximumTTL
        self.maximumNegativeTTL = maximumNegativeTTL
    }

    /// The number of entries held, expired ones included until they are touched or purged.
    public var count: Int { entries.count }

    /// Looks up (name, type, class): NXDOMAIN first, then the RRset or NODATA, then a CNAME at the name.
    public mutating func lookup(
        _ name: DNSName, _ type: DNSRecordType, dnsClass: DNSClass = .internet, now: ContinuousClock.Instant
    ) -> Hit? {
        validatedLookup(name, type, dnsClass: dnsClass, now: now)?.hit
    }

    /// `lookup`, and whether the entry that answered came from an authenticated response.
    public mutating func validatedLookup(
        _ name: DNSName, _ type: DNSRecordType, dnsClass: DNSClass = .internet, now: ContinuousClock.Instant
    ) -> (hit: Hit, authenticated: Bool)? {
        if let (entry, ttl) = live(Key(name: name, type: nil, dnsClass: dnsClass), now: now) {
            return (.nameError(negativeTTL: ttl), entry.authenticated)
        }
        if let (entry, ttl) = live(Key(name: name, type: type, dnsClass: dnsClass), now: now) {
            switch entry.stored {
            case .records(let records): return (.records(records.map { $0.withTTL(ttl) }), entry.authenticated)
            case .noData, .nameError: return (.noData(negativeTTL: ttl), entry.authenticated)
            }
        }
        if type != .cname, let (entry, ttl) = live(Key(name: name, type: .cname, dnsClass: dnsClass), now: now),
            case .records(let records) = entry.stored, let alias = records.first
        {
            return (.alias(alias.withTTL(ttl)), entry.authenticated)
        }
        return nil
    }

    /// Caches `records`, one RRset per (owner, type, class), each for the smallest TTL in the set
    /// (RFC 2181 §5.2 says they should be equal; the minimum is the safe reading).
    public mutating func store(records: [ResourceRecord], authenticated: Bool = false, now: ContinuousClock.Instant) {
        var sets: [Key: [ResourceRecord]] = [:]
        var order: [Key] = []
        for record in records {
            let key = Key(name: record.name, type: record.type, dnsClass: record.dnsClass)
            if sets[key] == nil { order.append(key) }
            sets[key, default: []].append(record)
        }
        for key in order {
            let set = sets[key]!
            let ttl = min(set.map { ResolverCache.effectiveTTL($0.ttl) }.min()!, maximumTTL)
            // A positive answer supersedes a cached NXDOMAIN for the same name.
            entries[Key(name: key.name, type: nil, dnsClass: key.dnsClass)] = nil
            insert(.records(set), for: key, ttl: ttl, authenticated: authenticated, now: now)
        }
    }

    /// Caches NXDOMAIN for `name` (all types) when `soa` gives a TTL; without an SOA nothing is
    /// cached (RFC 2308 §5: "Negative responses without SOA records SHOULD NOT be cached").
    public mutating func storeNameError(
        _ name: DNSName, dnsClass: DNSClass = .internet, soa: ResourceRecord?, authenticated: Bool = false,
        now: ContinuousClock.Instant
    ) {
        guard let ttl = negativeTTL(soa) else { return }
        insert(.nameError, for: Key(name: name, type: nil, dnsClass: dnsClass), ttl: ttl, authenticated: authenticated, now: now)
    }

    /// Caches NODATA for (name, type) under the same SOA rule as `storeNameError`.
    public mutating func storeNoData(
        _ name: DNSName, _ type: DNSRecordType, dnsClass: DNSClass = .internet, soa: ResourceRecord?,
        authenticated: Bool = false, now: ContinuousClock.Instant
    ) {
        guard let ttl = negativeTTL(soa) else { return }
        insert(.noData, for: Key(name: name, type: type, dnsClass: dnsClass), ttl: ttl, authenticated: authenticated, now: now)
    }

    /// Caches everything an interpreted response established about `question`: the aliases, then
    /// the records or the negative answer for the chain's last name. Failures are not cached.
    /// `authenticated`: the response had the AD bit from a trusted resolver.
    public mutating func store(_ outcome: DNSResponseOutcome, for question: DNSQuestion, authenticated: Bool = false,
                               now: ContinuousClock.Instant) {
        switch outcome {
        case .answer(let records, let aliases, _):
            store(records: aliases + records, authenticated: authenticated, now: now)
        case .alias(let aliases, _):
            store(records: aliases, authenticated: authenticated, now: now)
        case .nameError(let aliases, let name, let soa):
            store(records: aliases, authenticated: authenticated, now: now)
            storeNameError(name, dnsClass: question.dnsClass, soa: soa, authenticated: authenticated, now: now)
        case .noData(let aliases, let name, let soa):
            store(records: aliases, authenticated: authenticated, now: now)
            storeNoData(name, question.type, dnsClass: question.dnsClass, soa: soa, authenticated: authenticated, now: now)
        case .aliasLoop, .referral, .serverFailure, .refused:
            return
        }
    }

    /// Drops every entry that has expired by `now`.
    public mutating func removeExpired(now: ContinuousClock.Instant) {
        entries = entries.filter { $0.value.expires > now }
    }

    /// RFC 2181 §8: a TTL with the top bit set is treated as zero.
    static func effectiveTTL(_ ttl: UInt32) -> UInt32 {
        ttl > UInt32(Int32.max) ? 0 : ttl
    }

    private func negativeTTL(_ soa: ResourceRecord?) -> UInt32? {
        guard let soa, let ttl = DNSResponseInterpreter.negativeTTL(of: soa) else { return nil }
        return min(ResolverCache.effectiveTTL(ttl), maximumNegativeTTL, maximumTTL)
    }

    /// Stores an entry unless its TTL is 0 (RFC 1035 §3.2.1: use for this transaction only).
    private mutating func insert(_ stored: Stored, for key: Key, ttl: UInt32, authenticated: Bool, now: ContinuousClock.Instant) {
        guard ttl > 0 else {
            entries[key] = nil
            return
        }
        if entries[key] == nil, entries.count >= capacity { makeRoom(now: now) }
        entries[key] = Entry(stored: stored, expires: now.advanced(by: .seconds(Int64(ttl))), authenticated: authenticated)
    }

    /// Frees at least one slot: expired entries first, else the one that would expire soonest.
    /// Linear, but only runs when the cache is full.
    private mutating func makeRoom(now: ContinuousClock.Instant) {
        removeExpired(now: now)
        guard entries.count >= capacity, let victim = entries.min(by: { $0.value.expires < $1.value.expires })
        else { return }
        entries[victim.key] = nil
    }

    /// The entry for `key` with its remaining whole seconds, removing it if it has expired.
    private mutating func live(_ key: Key, now: ContinuousClock.Instant) -> (entry: Entry, remaining: UInt32)? {
        guard let entry = entries[key] else { return nil }
        guard entry.expires > now else {
            entries[key] = nil
            return nil
        }
        let seconds = (entry.expires - now).components.seconds
        return (entry, UInt32(clamping: seconds))
    }
}

extension ResourceRecord {
    /// A copy with `ttl` replaced, for handing out counted-down cache entries.
    func withTTL(_ ttl: UInt32) -> ResourceRecord {
        var copy = self
        copy.ttl = ttl
        return copy
    }
}
