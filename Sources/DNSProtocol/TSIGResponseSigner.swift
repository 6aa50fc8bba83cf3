/// Signs the response, or the stream of responses (AXFR, RFC 8945 §5.3.1), to one verified request.
///
/// The first message's MAC covers the request MAC, the message and all TSIG variables (§5.3);
/// each later one covers the previous MAC, the message and only the timers. The value type holds
/// the previous MAC, so keep one signer per transfer and call `sign` once per message, in order.
public struct TSIGResponseSigner: Sendable {
    /// The key the request was signed with.
    public let key: TSIGKey
    /// Permitted clock error in seconds, echoed in each TSIG record (RFC 8945 §4.2; 300 recommended §10).
    public var fudge: UInt16
    private var previousMAC: [UInt8]
    private var messagesSigned = 0
    /// Set for BADTIME answers (§5.2.3): the error, and the request's Time Signed to echo.
    private let badTimeRequestTime: UInt64?

    /// A signer for responses to a request whose MAC (as received, possibly truncated) was `requestMAC`.
    public init(key: TSIGKey, requestMAC: [UInt8], fudge: UInt16 = 300) {
        self.key = key
        self.fudge = fudge
        self.previousMAC = requestMAC
        self.badTimeRequestTime = nil
    }

    init(key: TSIGKey, requestMAC: [UInt8], fudge: UInt16, badTimeRequestTime: UInt64) {
        self.key = key
        self.fudge = fudge
        self.previousMAC = requestMAC
        self.badTimeRequestTime = badTimeRequestTime
    }

    /// How many messages this signer has signed so far.
    public var signedCount: Int { messagesSigned }

    /// Encodes `message` (any `tsig` it holds is replaced) fitted into `maximumSize` with the TSIG
    /// space reserved, signs it at time `now` (seconds since 1970) and returns the wire octets.
    public mutating func sign(_ message: DNSMessage, now: UInt64, maximumSize: Int = 65_535) -> [UInt8] {
        var unsigned = message
        unsigned.tsig = nil
        var error = DNSResponseCode.noError
        var otherData: [UInt8] = []
        var timeSigned = now
        if let requestTime = badTimeRequestTime, messagesSigned == 0 {
            // RFC 8945 §5.2.3: echo the request's time, put ours in Other Data for the client.
            error = .badTime
            timeSigned = requestTime
            var writer = DNSWireWriter()
            writer.writeUInt48(now)
            otherData = writer.bytes
        }
        let signed = TSIGDigest.sign(
            unsigned, key: key, priorMAC: previousMAC, fullVariables: messagesSigned == 0, timeSigned: timeSigned,
            fudge: fudge, error: error, otherData: otherData, maximumSize: maximumSize)
        previousMAC = signed.mac
        messagesSigned += 1
        return signed.wire
    }
}
