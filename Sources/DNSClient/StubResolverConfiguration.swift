import DNSProtocol

/// How a `StubResolver` talks to its servers and how much it caches.
/// Defaults follow glibc's resolver (resolv.conf(5)) where one exists.
public struct StubResolverConfiguration: Hashable, Sendable {
    /// Recursive servers, tried in order each round (RFC 1035 §4.2.1, resolv.conf(5)).
    public var servers: [DNSServerAddress]
    /// Rounds over the whole server list before giving up (glibc `attempts`, default 2).
    public var attempts: Int
    /// Per-exchange timeout handed to the transport (glibc `timeout`, default 5 s).
    public var timeout: Duration
    /// EDNS(0) UDP payload size to advertise (RFC 6891 §6.2.5); 1232 per DNS Flag Day 2020.
    public var udpPayloadSize: UInt16
    /// Most CNAMEs followed for one lookup (RFC 1034 §5.3.3 asks for a bound; BIND uses 16).
    public var maximumAliasChain: Int
    /// Cache entry bound.
    public var cacheCapacity: Int
    /// Positive TTL cap in seconds.
    public var maximumTTL: UInt32
    /// Negative TTL cap in seconds (RFC 2308 §5: one to three hours).
    public var maximumNegativeTTL: UInt32

    /// Explicit settings; `attempts` is at least 1 (RFC 1035 §4.2.1 retransmission).
    public init(
        servers: [DNSServerAddress], attempts: Int = 2, timeout: Duration = .seconds(5),
        udpPayloadSize: UInt16 = DNSMessage.recommendedUDPPayloadSize, maximumAliasChain: Int = 8,
        cacheCapacity: Int = 10_000, maximumTTL: UInt32 = 86_400, maximumNegativeTTL: UInt32 = 10_800
    ) {
        self.servers = servers
        self.attempts = max(1, attempts)
        self.timeout = timeout
        self.udpPayloadSize = udpPayloadSize
        self.maximumAliasChain = max(0, maximumAliasChain)
        self.cacheCapacity = cacheCapacity
        self.maximumTTL = maximumTTL
        self.maximumNegativeTTL = maximumNegativeTTL
    }

    /// Servers, timeout and attempts from a parsed `/etc/resolv.conf`.
    public init(resolvConf: ResolvConf) {
        self.init(servers: resolvConf.servers, attempts: resolvConf.attempts, timeout: .seconds(resolvConf.timeoutSeconds))
    }
}
