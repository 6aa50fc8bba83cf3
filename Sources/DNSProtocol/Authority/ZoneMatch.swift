/// Where a name lands in a zone, per the algorithm of RFC 1034 §4.3.2 step 3.
enum ZoneMatch: Sendable {
    /// The name exists (3a), or a wildcard matched it (3c, RFC 4592 §3.3); `synthesizedOwner` is
    /// the name to answer with when the node is a wildcard's. An empty node is NODATA (RFC 8020).
    case node(ZoneNode, synthesizedOwner: DNSName?)
    /// The name is at or below a zone cut (3b): the cut's NS RRset.
    case delegation(ResourceRecordSet)
    /// Neither the name nor a wildcard covering it exists (3c): NXDOMAIN.
    case nonexistent
}
