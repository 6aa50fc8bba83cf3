extension DNSMessage {
    /// Decodes a message from its wire form (RFC 1035 §4.1); see `DNSDecodedMessage` for the
    /// rules, and for the TSIG offset a verifier needs.
    public init(wire: [UInt8]) throws(DNSWireError) {
        self = try DNSDecodedMessage(wire: wire).message
    }
}
