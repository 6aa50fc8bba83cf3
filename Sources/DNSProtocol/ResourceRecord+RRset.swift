extension ResourceRecord {
    /// RFC 2181 §5: an RRset is the records sharing owner, class and type.
    func isInSameRRset(as other: ResourceRecord) -> Bool {
        name == other.name && type == other.type && dnsClass == other.dnsClass
    }
}
