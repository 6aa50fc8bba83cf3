/// The outcome of one lookup after CNAMEs have been followed (RFC 1034 §5.3.3, RFC 2308 §2).
///
/// `canonicalName` is the last name of the alias chain, which is the name the records (or the
/// negative answer) belong to; it equals the queried name when there was no CNAME.
public enum DNSLookupResult: Hashable, Sendable {
    /// The RRset of the asked type at `canonicalName`, TTLs decremented when served from cache.
    case records([ResourceRecord], canonicalName: DNSName)
    /// NXDOMAIN (RFC 2308 §2.1). `negativeTTL` is min(SOA TTL, SOA MINIMUM) (RFC 2308 §5), or
    /// `nil` when the response carried no SOA and so may not be cached.
    case nameError(canonicalName: DNSName, negativeTTL: UInt32?)
    /// NODATA: the name exists without records of the type (RFC 2308 §2.2); TTL as for `nameError`.
    case noData(canonicalName: DNSName, negativeTTL: UInt32?)

    /// The records of a positive answer, empty for either negative answer.
    public var records: [ResourceRecord] {
        if case .records(let records, _) = self { return records }
        return []
    }

    /// The name at the end of the CNAME chain.
    public var canonicalName: DNSName {
        switch self {
        case .records(_, let name), .nameError(let name, _), .noData(let name, _): name
        }
    }
}
