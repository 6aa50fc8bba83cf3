extension ResourceRecord {
    /// The record as one master-file line, the way `named-checkzone -D` writes it: absolute
    /// owner, TTL in seconds, class, type mnemonic (or RFC 3597 `TYPEnnn`) and RDATA,
    /// separated by tabs, for example `example.test.	86400	IN	MX	10 mail.example.test.`.
    public var presentation: String {
        "\(name)\t\(ttl)\t\(dnsClass)\t\(type)\t\(data.presentation)"
    }
}
