/// All records of one owner name and type: an RRset (RFC 2181 §5).
///
/// The records share the owner spelling and the TTL (RFC 2181 §5.2), so the set can be copied
/// into a response as is; `Zone` normalises both when it is built.
public struct ResourceRecordSet: Hashable, Sendable {
    /// The owner name, in the spelling of the first record seen for it.
    public let name: DNSName
    /// The type every record of the set has.
    public let type: DNSRecordType
    /// The one TTL every record of the set carries.
    public let ttl: UInt32
    /// The records, duplicates removed, in the order they were first given.
    public let records: [ResourceRecord]

    /// The same set under another owner name: wildcard synthesis (RFC 4592 §3.3.1) answers with
    /// the query name as owner.
    func renamed(to owner: DNSName) -> ResourceRecordSet {
        ResourceRecordSet(
            name: owner, type: type, ttl: ttl,
            records: records.map { ResourceRecord(name: owner, dnsClass: $0.dnsClass, ttl: $0.ttl, data: $0.data) })
    }
}
