/// Response bytes of recent plain queries, so a repeated question is answered by copying: the ID and
/// the question name (same length, maybe other case) are patched in, everything else is identical.
///
/// One per socket or connection, never shared, so it needs no lock. Emptied when the zones change
/// (a new ``ServedZonesStore`` generation) and when it is full.
public struct DNSResponseCache {
    private var responses: [DNSQueryKey: [UInt8]] = [:]
    private var generation = -1
    /// Entries kept before the cache starts over.
    let capacity: Int

    /// An empty cache holding at most `capacity` responses.
    public init(capacity: Int = 20_000) {
        self.capacity = capacity
    }

    /// The response to `query` if one for the same key was stored under `generation`.
    mutating func response(to query: [UInt8], key: DNSQueryKey, generation: Int) -> [UInt8]? {
        if generation != self.generation {
            responses.removeAll(keepingCapacity: true)
            self.generation = generation
            return nil
        }
        guard var response = responses[key] else { return nil }
        response[0] = query[0]
        response[1] = query[1]
        // RFC 4343 §4.1: the question is echoed as asked; names compressed against it follow.
        response.replaceSubrange(12..<(12 + key.nameLength), with: query[12..<(12 + key.nameLength)])
        return response
    }

    /// Remembers `response` for queries with `key`.
    mutating func store(_ response: [UInt8], for key: DNSQueryKey, generation: Int) {
        guard generation == self.generation, response.count >= 12 + key.nameLength else { return }
        if responses.count >= capacity { responses.removeAll(keepingCapacity: true) }
        responses[key] = response
    }
}
