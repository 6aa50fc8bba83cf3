/// One usable mail exchanger from an MX RRset (RFC 1035 §3.3.9, RFC 5321 §5.1).
public struct MailExchanger: Hashable, Sendable {
    /// Lower is tried first (RFC 5321 §5.1).
    public var preference: UInt16
    /// The host to resolve to addresses; may itself be a CNAME, which resolvers follow.
    public var exchange: DNSName

    /// An MX target as read from RDATA (RFC 1035 §3.3.9).
    public init(preference: UInt16, exchange: DNSName) {
        self.preference = preference
        self.exchange = exchange
    }
}
