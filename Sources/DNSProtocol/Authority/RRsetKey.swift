/// An owner name and a type: the identity of an RRset (RFC 2181 §5). Compares names
/// case-insensitively, as `DNSName` does.
struct RRsetKey: Hashable, Sendable {
    let name: DNSName
    let type: DNSRecordType
}
