/// One resource record (RFC 1035 §3.2.1): owner, class, TTL and typed data.
public struct ResourceRecord: Hashable, Sendable {
    public var name: DNSName
    public var dnsClass: DNSClass
    /// Seconds; RFC 2181 §8 limits it to 2^31 - 1.
    public var ttl: UInt32
    public var data: RecordData

    /// The record type, taken from the data.
    public var type: DNSRecordType { data.type }

    public init(name: DNSName, dnsClass: DNSClass = .internet, ttl: UInt32, data: RecordData) {
        self.name = name
        self.dnsClass = dnsClass
        self.ttl = ttl
        self.data = data
    }
}
