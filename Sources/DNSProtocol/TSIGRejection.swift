/// A TSIG check that failed (RFC 8945 §5.2.1-§5.2.3), and the error answer it calls for.
public struct TSIGRejection: Sendable {
    /// `.badKey`, `.badSignature`, `.badTime`, or `.formatError` for an unacceptable MAC size (§5.2.2.1).
    public let error: DNSResponseCode
    /// The request's TSIG record, echoed in the error answer.
    public let requestTSIG: TSIGRecord
    /// For BADTIME only: the answer must be signed (§5.2.3).
    let badTimeSigner: TSIGResponseSigner?

    init(error: DNSResponseCode, requestTSIG: TSIGRecord, badTimeSigner: TSIGResponseSigner? = nil) {
        self.error = error
        self.requestTSIG = requestTSIG
        self.badTimeSigner = badTimeSigner
    }

    /// The wire octets of the error answer to `request`: RCODE NOTAUTH with the TSIG error field set
    /// (§5.3.2); unsigned with an empty MAC for BADKEY/BADSIG, signed with the server time in Other
    /// Data for BADTIME, and a plain FORMERR without TSIG for a bad MAC size.
    public func errorResponse(for request: DNSMessage, now: UInt64) -> [UInt8] {
        var flags = DNSHeaderFlags()
        flags.isResponse = true
        flags.opcode = request.flags.opcode
        flags.recursionDesired = request.flags.recursionDesired
        var response = DNSMessage(
            id: request.id, flags: flags, responseCode: error == .formatError ? .formatError : .notAuthorized,
            questions: request.questions)
        if request.edns != nil { response.edns = EDNSRecord(udpPayloadSize: 1232) }
        if error == .formatError { return response.encoded() }
        if var signer = badTimeSigner { return signer.sign(response, now: now) }
        response.tsig = TSIGRecord(
            keyName: requestTSIG.keyName, algorithm: requestTSIG.algorithm, timeSigned: requestTSIG.timeSigned,
            fudge: requestTSIG.fudge, mac: [], originalID: requestTSIG.originalID, error: error)
        return response.encoded()
    }
}
