/// Building stub-resolver queries and matching responses to them.
extension DNSMessage {
    /// RFC 9715 / DNS Flag Day 2020: 1232 octets avoids IP fragmentation on common paths.
    public static let recommendedUDPPayloadSize: UInt16 = 1232

    /// A recursive query for one question (RFC 1035 §4.1.1): RD set so the server recurses
    /// (RFC 1034 §4.3.1), AD set so a validating server says whether it validated the answer
    /// (RFC 6840 §5.7), with an OPT record advertising `udpPayloadSize` (RFC 6891 §6.1) unless nil.
    public static func stubQuery(
        id: UInt16, question: DNSQuestion, udpPayloadSize: UInt16? = DNSMessage.recommendedUDPPayloadSize
    ) -> DNSMessage {
        var flags = DNSHeaderFlags()
        flags.recursionDesired = true
        flags.authenticData = true
        return DNSMessage(
            id: id, flags: flags, questions: [question],
            edns: udpPayloadSize.map { EDNSRecord(udpPayloadSize: $0) })
    }

    /// True when `self` answers `query`: QR set, same opcode, same ID and the same question
    /// (RFC 5452 §9.1). Names compare case-insensitively (RFC 4343), so servers that normalise
    /// case still match.
    public func isResponse(to query: DNSMessage) -> Bool {
        flags.isResponse && flags.opcode == query.flags.opcode && id == query.id && questions == query.questions
    }
}
