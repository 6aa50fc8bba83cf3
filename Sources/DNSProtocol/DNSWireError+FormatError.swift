extension DNSWireError {
    /// The error with what the readable header says about the message, so an answer can be made.
    func about(messageID: UInt16, flags: DNSHeaderFlags) -> DNSWireError {
        var annotated = self
        annotated.messageID = messageID
        annotated.isQuery = !flags.isResponse
        annotated.opcode = flags.opcode
        return annotated
    }

    /// The FORMERR answer a server sends for an undecodable query (RFC 1035 §4.1.1, RCODE 1): the
    /// bare header with the same ID and opcode, no sections. `nil` when the header was unreadable
    /// or the message was itself a response, which must never be answered (RFC 1035 §7.3).
    public func formatErrorResponse() -> [UInt8]? {
        guard let messageID, isQuery else { return nil }
        var flags = DNSHeaderFlags()
        flags.isResponse = true
        flags.opcode = opcode ?? .query
        let word = flags.wireValue(responseCode: .formatError)
        return [
            UInt8(messageID >> 8), UInt8(messageID & 0xff), UInt8(word >> 8), UInt8(word & 0xff), 0, 0, 0, 0, 0, 0, 0, 0,
        ]
    }
}
