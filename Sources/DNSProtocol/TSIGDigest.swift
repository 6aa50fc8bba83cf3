/// The octet strings TSIG MACs are computed over (RFC 8945 §4.3), and signing with them.
enum TSIGDigest {
    /// Encodes `message` (which must have no `tsig`), computes the MAC over the optional
    /// length-prefixed prior MAC (§4.3.1), the message and the TSIG variables (§4.3.3) or only the
    /// timers (§4.3.2, later messages of a stream, §5.3.1), then appends the TSIG record last.
    static func sign(
        _ message: DNSMessage, key: TSIGKey, priorMAC: [UInt8]?, fullVariables: Bool, timeSigned: UInt64,
        fudge: UInt16, error: DNSResponseCode = .noError, otherData: [UInt8] = [], maximumSize: Int
    ) -> (wire: [UInt8], mac: [UInt8]) {
        var record = TSIGRecord(
            keyName: key.name, algorithm: key.algorithm.name, timeSigned: timeSigned, fudge: fudge,
            mac: [UInt8](repeating: 0, count: key.algorithm.outputLength), originalID: message.id, error: error,
            otherData: otherData)
        var writer = message.encodedWithoutTSIG(maximumSize: maximumSize - DNSWireWriter.tsigLength(record))
        var data = priorMAC.map(lengthPrefixed) ?? []
        data += writer.bytes
        data += fullVariables ? variables(of: record) : timers(of: record)
        record.mac = key.algorithm.authenticationCode(for: data, secret: key.secret)
        writer.writeTSIG(record)
        DNSMessage.incrementAdditionalCount(in: &writer)
        return (writer.bytes, record.mac)
    }

    /// RFC 8945 §4.3.3: key name and algorithm in canonical form (lower case, uncompressed),
    /// class ANY, TTL 0, the timers, error and other data.
    static func variables(of tsig: TSIGRecord) -> [UInt8] {
        var writer = DNSWireWriter()
        writer.writeName(tsig.keyName.lowercased, compress: false)
        writer.writeUInt16(DNSClass.any.rawValue)
        writer.writeUInt32(0)
        writer.writeName(tsig.algorithm.lowercased, compress: false)
        writer.writeUInt48(tsig.timeSigned)
        writer.writeUInt16(tsig.fudge)
        writer.writeUInt16(tsig.error.rawValue)
        writer.writeUInt16(UInt16(clamping: tsig.otherData.count))
        writer.writeBytes(tsig.otherData)
        return writer.bytes
    }

    /// RFC 8945 §4.3.2: Time Signed and Fudge only.
    static func timers(of tsig: TSIGRecord) -> [UInt8] {
        var writer = DNSWireWriter()
        writer.writeUInt48(tsig.timeSigned)
        writer.writeUInt16(tsig.fudge)
        return writer.bytes
    }

    /// RFC 8945 §4.3.1: a MAC preceded by its two-octet length.
    static func lengthPrefixed(_ mac: [UInt8]) -> [UInt8] {
        [UInt8(truncatingIfNeeded: mac.count >> 8), UInt8(truncatingIfNeeded: mac.count)] + mac
    }

    /// The received message as it was before signing (RFC 8945 §4.3.2): octets up to the TSIG
    /// record, ARCOUNT decremented and the original ID restored.
    static func unsignedOctets(of decoded: DNSDecodedMessage, originalID: UInt16) -> [UInt8]? {
        guard let offset = decoded.tsigOffset, offset >= 12, offset <= decoded.wire.count else { return nil }
        var octets = Array(decoded.wire[..<offset])
        let count = UInt16(octets[10]) << 8 | UInt16(octets[11])
        guard count > 0 else { return nil }
        octets[0] = UInt8(truncatingIfNeeded: originalID >> 8)
        octets[1] = UInt8(truncatingIfNeeded: originalID)
        octets[10] = UInt8(truncatingIfNeeded: (count - 1) >> 8)
        octets[11] = UInt8(truncatingIfNeeded: count - 1)
        return octets
    }

    /// Compares equal-length MACs without an early exit, so timing does not reveal the
    /// matching prefix (RFC 8945 §5.2.2 implies; RFC 2104 §5 practice).
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
