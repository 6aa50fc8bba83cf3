/// Why a DNS lookup produced no usable answer, split the way mail delivery needs it.
///
/// RFC 5321 §5.1 (and §4.5.4.1) require a sender to defer, never bounce, when DNS fails
/// transiently; only an authoritative "this does not exist" (RFC 1035 §4.1.1 RCODE 3) or a
/// consistent refusal may become a permanent failure. `isTemporary` encodes that rule so
/// callers never have to re-derive it from individual cases.
public enum DNSResolutionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No server answered within the configured attempts (RFC 1035 §4.2.1 retransmission exhausted).
    case timedOut(DNSQuestion)
    /// Every answering server said SERVFAIL or another transient RCODE (RFC 1035 §4.1.1, RFC 2308 §7.1).
    case serverFailure(DNSQuestion, DNSResponseCode)
    /// The transport failed (unreachable network, connection reset, mismatched replies).
    case transport(DNSQuestion, String)
    /// Every server answered FORMERR, NOTIMP or REFUSED (RFC 1035 §4.1.1): retrying will not help.
    case refused(DNSQuestion, DNSResponseCode)
    /// NXDOMAIN: the name does not exist (RFC 1035 §4.1.1 RCODE 3, RFC 8020 §2).
    case nameError(DNSName)
    /// A CNAME chain revisits a name (RFC 1034 §3.6.2 warns resolvers to detect loops).
    case aliasLoop(DNSName)
    /// A CNAME chain is longer than the configured bound (RFC 1034 §5.3.3 asks for a bound on work).
    case aliasChainTooLong(DNSName)
    /// The configuration lists no name server to ask.
    case noServers

    /// True when the caller should retry later (RFC 5321 §4.5.4.1 deferral), false when the
    /// answer is definitive and mail may bounce.
    ///
    /// Alias loops and over-long chains count as temporary: they are operator mistakes in the
    /// remote zone, and deferring gives the operator the queue lifetime to fix them.
    public var isTemporary: Bool {
        switch self {
        case .timedOut, .serverFailure, .transport, .aliasLoop, .aliasChainTooLong, .noServers: true
        case .refused, .nameError: false
        }
    }

    /// The opposite of `isTemporary`.
    public var isPermanent: Bool { !isTemporary }

    public var description: String {
        switch self {
        case .timedOut(let q): "DNS timeout for \(q.name) \(q.type)"
        case .serverFailure(let q, let code): "DNS \(code) for \(q.name) \(q.type)"
        case .transport(let q, let why): "DNS transport failure for \(q.name) \(q.type): \(why)"
        case .refused(let q, let code): "DNS \(code) from every server for \(q.name) \(q.type)"
        case .nameError(let name): "DNS name \(name) does not exist"
        case .aliasLoop(let name): "CNAME loop at \(name)"
        case .aliasChainTooLong(let name): "CNAME chain too long at \(name)"
        case .noServers: "no DNS servers configured"
        }
    }
}
