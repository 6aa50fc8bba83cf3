import MailCore

/// The lookups mailroom needs from DNS: outbound delivery (RFC 5321 §5.1) and message
/// authentication (SPF RFC 7208, DKIM RFC 6376, DMARC RFC 7489).
///
/// Every failure is a typed `DNSResolutionError`, whose `isTemporary` tells the caller whether
/// to defer (RFC 5321 §4.5.4.1) or fail permanently.
public protocol DNSResolving: Sendable {
    /// MX selection for `domain` (RFC 5321 §5.1, RFC 7505). NXDOMAIN throws `.nameError`.
    func mailExchangers(for domain: DNSName) async throws(DNSResolutionError) -> MailExchangerAnswer

    /// The A and AAAA addresses of `host` (RFC 1035 §3.4.1, RFC 3596), IPv4 first; CNAMEs followed.
    /// Throws `.nameError` when the host does not exist; an empty array means it exists without addresses.
    func addresses(of host: DNSName) async throws(DNSResolutionError) -> [IPAddress]

    /// The TXT records at `name`, each record's character-strings concatenated without separators
    /// (RFC 7208 §3.3, RFC 6376 §3.6.2.2). `nil` when the name does not exist (NXDOMAIN, which
    /// SPF RFC 7208 §4.3 and DMARC RFC 7489 §6.6.3 treat differently from an empty answer).
    func text(at name: DNSName) async throws(DNSResolutionError) -> [String]?

    /// Records of `type` at `name` after following CNAMEs (RFC 1034 §5.3.3), or a negative answer
    /// with its RFC 2308 §5 TTL. Negative answers are results, not errors.
    func lookup(_ name: DNSName, _ type: DNSRecordType) async throws(DNSResolutionError) -> DNSLookupResult

    /// `lookup(_:_:)`, and whether every step of the answer (each CNAME and the final RRset or
    /// negative answer) came from a trusted validating resolver with the AD bit set (RFC 4035
    /// §3.2.3): what DANE (RFC 7672 §2.1) calls secure. A resolver that cannot tell says `false`.
    func validatedLookup(_ name: DNSName, _ type: DNSRecordType) async throws(DNSResolutionError)
        -> (result: DNSLookupResult, authenticated: Bool)
}

extension DNSResolving {
    /// Never authenticated: a resolver that does not track the AD bit makes every answer insecure.
    public func validatedLookup(_ name: DNSName, _ type: DNSRecordType) async throws(DNSResolutionError)
        -> (result: DNSLookupResult, authenticated: Bool)
    {
        (try await lookup(name, type), false)
    }
}
