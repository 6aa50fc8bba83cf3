/// The RRsets owned by one name of a zone; an empty node is an empty non-terminal (RFC 8020:
/// it exists, so a query for it is NODATA, not NXDOMAIN).
struct ZoneNode: Sendable {
    /// In order of first appearance; a node holds a handful of sets, so a scan beats hashing.
    let rrsets: [ResourceRecordSet]

    static let emptyNonTerminal = ZoneNode(rrsets: [])

    /// The RRset of `type`, if the node has one.
    @inline(__always)
    func rrset(_ type: DNSRecordType) -> ResourceRecordSet? {
        for rrset in rrsets where rrset.type == type { return rrset }
        return nil
    }
}
