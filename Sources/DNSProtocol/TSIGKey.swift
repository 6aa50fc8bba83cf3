/// A shared TSIG key (RFC 8945 §3): its name, algorithm and secret, as BIND's `key` statement holds.
public struct TSIGKey: Hashable, Sendable {
    /// The key name, the owner of the TSIG record.
    public var name: DNSName
    public var algorithm: TSIGAlgorithm
    /// The raw secret octets.
    public var secret: [UInt8]

    /// Makes a key from raw secret octets.
    public init(name: DNSName, algorithm: TSIGAlgorithm, secret: [UInt8]) {
        self.name = name
        self.algorithm = algorithm
        self.secret = secret
    }

    /// Makes a key from the base64 text of BIND's `secret "...";` (RFC 4648 §4; whitespace
    /// ignored); `nil` when the text is not valid base64 or decodes to nothing.
    public init?(name: DNSName, algorithm: TSIGAlgorithm, base64Secret: String) {
        guard let secret = TSIGKey.decodeBase64(base64Secret), !secret.isEmpty else { return nil }
        self.init(name: name, algorithm: algorithm, secret: secret)
    }

    /// Signs a request (RFC 8945 §5.1): the MAC covers the message and all TSIG variables.
    /// Mailroom uses this for NOTIFY and for tests; the returned octets carry TSIG last.
    public func signRequest(_ message: DNSMessage, now: UInt64, fudge: UInt16 = 300, maximumSize: Int = 65_535) -> [UInt8] {
        var unsigned = message
        unsigned.tsig = nil
        return TSIGDigest.sign(
            unsigned, key: self, priorMAC: nil, fullVariables: true, timeSigned: now, fudge: fudge,
            maximumSize: maximumSize
        ).wire
    }
}
