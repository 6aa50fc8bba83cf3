import MailCore

/// The transport a query arrived on; it decides the response size limit and whether zone transfers
/// are possible (RFC 5936 §4.2: AXFR is TCP only).
public enum DNSTransport: Sendable, Hashable {
    case udp
    case tcp
}

/// What to send back for one query.
public enum DNSReply: Sendable, Equatable {
    /// Nothing: the packet was not a query worth answering (a response, or too short to carry an ID).
    case none
    /// One response message in wire format.
    case message([UInt8])
    /// Several messages in order, on one TCP connection (a zone transfer, RFC 5936 §2.2).
    case messages([[UInt8]])
}

/// Turns one query in wire format into the reply; the NIO listeners call it on their event loops, so it
/// must not block.
public protocol DNSResponder: Sendable {
    /// The reply to `query` from `client` (the peer's address) over `transport`; `cache` belongs to the
    /// calling socket or connection and may answer repeated questions.
    func reply(to query: [UInt8], from client: DNSClientAddress, over transport: DNSTransport,
               cache: inout DNSResponseCache) -> DNSReply
}
