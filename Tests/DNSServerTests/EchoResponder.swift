import DNSServer

/// Answers every query with its own bytes, QR set; a packet of one byte gets no answer.
struct EchoResponder: DNSResponder {
    func reply(to query: [UInt8], from client: DNSClientAddress, over transport: DNSTransport,
               cache: inout DNSResponseCache) -> DNSReply {
        guard query.count > 2 else { return .none }
        var response = query
        response[2] |= 0x80
        return .message(response)
    }
}
