/// Failures a `DNSExchanging` transport reports. Any other error thrown by a transport is
/// treated like `.network`: this server failed this time (RFC 1035 §4.2.1 "try the next server").
public enum DNSTransportError: Error, Hashable, Sendable {
    /// No matching response before the per-try timeout.
    case timedOut
    /// The network or the peer failed: unreachable, reset, closed early.
    case network(String)
    /// The reply could not be decoded as a DNS message (RFC 1035 §4.1).
    case malformedResponse(String)
}
