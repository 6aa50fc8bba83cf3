import DNSProtocol

/// One query/response exchange with one server: the only I/O the stub resolver needs.
///
/// The NIO transport conforms to this; tests conform with a scripted fake. Contract:
/// - Send `query` to `server` over UDP (`overTCP == false`, RFC 1035 §4.2.1) or TCP with the
///   two-octet length prefix (`overTCP == true`, RFC 1035 §4.2.2, RFC 7766 §8).
/// - UDP: use a fresh random source port per query (RFC 5452 §4.5, §9.2) and keep reading until a
///   datagram from `server` parses and `isResponse(to: query)` holds, dropping others
///   (RFC 5452 §9.1). Return whatever matched, truncated (TC) or not; the resolver decides on TC.
/// - Honour `timeout` for the whole exchange and throw `DNSTransportError.timedOut` when it
///   passes; throw any other error for network failures or an unparsable reply.
/// - Cancellation of the calling task should abort the exchange promptly.
///
/// The resolver validates the response again, so a transport that returns a mismatched
/// message costs a retry, not correctness.
public protocol DNSExchanging: Sendable {
    func exchange(
        _ query: DNSMessage, with server: DNSServerAddress, overTCP: Bool, timeout: Duration
    ) async throws -> DNSMessage
}
