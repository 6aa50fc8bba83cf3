/// A TLSA record's RDATA (RFC 6698 §2.1): which certificate of a TLS server's chain it names and how.
public struct TLSARecord: Hashable, Sendable {
    /// How the certificate is used (RFC 6698 §2.1.1, RFC 7218 names): 2 is DANE-TA, 3 is DANE-EE,
    /// the two SMTP uses (RFC 7672 §3.1); 0 and 1 (PKIX-TA, PKIX-EE) are unusable for SMTP.
    public var usage: UInt8
    /// What of the certificate is matched (RFC 6698 §2.1.2): 0 the whole certificate, 1 its
    /// SubjectPublicKeyInfo.
    public var selector: UInt8
    /// How (RFC 6698 §2.1.3): 0 exactly, 1 by SHA-256, 2 by SHA-512.
    public var matchingType: UInt8
    /// The certificate association data.
    public var data: [UInt8]

    public init(usage: UInt8, selector: UInt8, matchingType: UInt8, data: [UInt8]) {
        self.usage = usage
        self.selector = selector
        self.matchingType = matchingType
        self.data = data
    }

    /// The record in `rdata`; `nil` when it is shorter than its three fields.
    public init?(rdata: [UInt8]) {
        guard rdata.count > 3 else { return nil }
        self.init(usage: rdata[0], selector: rdata[1], matchingType: rdata[2], data: Array(rdata[3...]))
    }

    /// The record from a TLSA resource record's data; `nil` for another type or short RDATA.
    public init?(_ data: RecordData) {
        guard case .unknown(.tlsa, let rdata) = data else { return nil }
        self.init(rdata: rdata)
    }

    /// True when SMTP can use the record (RFC 7672 §3.1, RFC 6698 §2.1): DANE-TA or DANE-EE, a
    /// known selector and matching type, and digest data of the digest's length.
    public var isUsableForSMTP: Bool {
        guard usage == 2 || usage == 3, selector <= 1 else { return false }
        switch matchingType {
        case 0: return !data.isEmpty
        case 1: return data.count == 32
        case 2: return data.count == 64
        default: return false
        }
    }
}
