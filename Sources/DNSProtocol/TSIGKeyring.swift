/// The shared keys a server accepts, and request verification against them (RFC 8945 §5.2).
public struct TSIGKeyring: Sendable {
    public var keys: [TSIGKey]

    /// A keyring holding `keys`; a name may appear once per algorithm.
    public init(keys: [TSIGKey] = []) {
        self.keys = keys
    }

    /// The key with this name and algorithm (RFC 8945 §5.2.1: both must match).
    public func key(named name: DNSName, algorithm: DNSName) -> TSIGKey? {
        keys.first { $0.name == name && $0.algorithm.name == algorithm }
    }

    /// Checks a decoded request's TSIG in the RFC 8945 §5.2 order: key (BADKEY), MAC size
    /// (FORMERR, §5.2.2.1), MAC (BADSIG), then time within fudge of `now` (BADTIME, §5.2.3).
    /// The time is checked only after the MAC so an unauthenticated peer learns nothing of our clock.
    public func verifyRequest(_ request: DNSDecodedMessage, now: UInt64) -> TSIGVerification {
        guard let tsig = request.message.tsig else { return .unsigned }
        guard let key = key(named: tsig.keyName, algorithm: tsig.algorithm) else {
            return .rejected(TSIGRejection(error: .badKey, requestTSIG: tsig))
        }
        let algorithm = key.algorithm
        guard tsig.mac.count <= algorithm.outputLength, tsig.mac.count >= algorithm.minimumMACLength else {
            return .rejected(TSIGRejection(error: .formatError, requestTSIG: tsig))
        }
        guard let octets = TSIGDigest.unsignedOctets(of: request, originalID: tsig.originalID) else {
            return .rejected(TSIGRejection(error: .formatError, requestTSIG: tsig))
        }
        let expected = algorithm.authenticationCode(for: octets + TSIGDigest.variables(of: tsig), secret: key.secret)
        guard TSIGDigest.constantTimeEqual(Array(expected.prefix(tsig.mac.count)), tsig.mac) else {
            return .rejected(TSIGRejection(error: .badSignature, requestTSIG: tsig))
        }
        let skew = now > tsig.timeSigned ? now - tsig.timeSigned : tsig.timeSigned - now
        guard skew <= UInt64(tsig.fudge) else {
            let signer = TSIGResponseSigner(
                key: key, requestMAC: tsig.mac, fudge: tsig.fudge, badTimeRequestTime: tsig.timeSigned)
            return .rejected(TSIGRejection(error: .badTime, requestTSIG: tsig, badTimeSigner: signer))
        }
        return .verified(TSIGResponseSigner(key: key, requestMAC: tsig.mac))
    }
}
