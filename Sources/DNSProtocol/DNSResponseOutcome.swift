/// What one response says about one question, once CNAMEs inside it are followed
/// (RFC 1034 §5.3.3, RFC 2308 §2). Produced by `DNSResponseInterpreter`.
///
/// `aliases` are the CNAME records walked from the question name, in order; they are worth
/// caching even when the final answer is negative (RFC 2308 §2.1, §6).
public enum DNSResponseOutcome: Hashable, Sendable {
    /// Records of the asked type at `canonicalName`.
    case answer(records: [ResourceRecord], aliases: [ResourceRecord], canonicalName: DNSName)
    /// The chain leaves the response at `target`: the stub must ask again for `target`
    /// (RFC 1034 §5.3.3 step 3 "restart the query at the alias").
    case alias(aliases: [ResourceRecord], target: DNSName)
    /// NXDOMAIN for `canonicalName`, the last name of the chain (RFC 2308 §2.1).
    case nameError(aliases: [ResourceRecord], canonicalName: DNSName, soa: ResourceRecord?)
    /// NODATA for `canonicalName` (RFC 2308 §2.2).
    case noData(aliases: [ResourceRecord], canonicalName: DNSName, soa: ResourceRecord?)
    /// The response's CNAMEs loop back on themselves (RFC 1034 §3.6.2).
    case aliasLoop(DNSName)
    /// An empty NOERROR answer carrying NS records but no SOA: a referral, so the server did not
    /// recurse (RFC 1034 §4.3.1, RFC 2308 §2.2 type 4). Useless to a stub; try another server.
    case referral
    /// SERVFAIL or an unknown RCODE: this server cannot answer now, another might (RFC 2308 §7.1).
    case serverFailure(DNSResponseCode)
    /// FORMERR, NOTIMP or REFUSED (RFC 1035 §4.1.1): this server will not answer the query.
    case refused(DNSResponseCode)
}
