/// The OPCODE of a header (RFC 1035 §4.1.1, RFC 1996, RFC 2136).
public struct DNSOpcode: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue & 0x0f
    }

    public static let query = DNSOpcode(rawValue: 0)
    public static let notify = DNSOpcode(rawValue: 4)
    public static let update = DNSOpcode(rawValue: 5)
}

/// An RCODE, 12 bits wide once EDNS(0) extends it (RFC 6891 §6.1.3), or a TSIG error (RFC 8945 §3).
public struct DNSResponseCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    public static let noError = DNSResponseCode(rawValue: 0)
    public static let formatError = DNSResponseCode(rawValue: 1)
    public static let serverFailure = DNSResponseCode(rawValue: 2)
    public static let nameError = DNSResponseCode(rawValue: 3)
    public static let notImplemented = DNSResponseCode(rawValue: 4)
    public static let refused = DNSResponseCode(rawValue: 5)
    /// RFC 2136 / RFC 8945 §5.3: server not authoritative for the zone, or the request not authorized.
    public static let notAuthorized = DNSResponseCode(rawValue: 9)
    /// RFC 6891 §7: unsupported EDNS version (shares 16 with TSIG's BADSIG, in a different field).
    public static let badVersion = DNSResponseCode(rawValue: 16)
    /// RFC 8945 §3: TSIG errors, carried in the TSIG record's Error field.
    public static let badSignature = DNSResponseCode(rawValue: 16)
    public static let badKey = DNSResponseCode(rawValue: 17)
    public static let badTime = DNSResponseCode(rawValue: 18)

    public var description: String {
        switch rawValue {
        case 0: "NOERROR"
        case 1: "FORMERR"
        case 2: "SERVFAIL"
        case 3: "NXDOMAIN"
        case 4: "NOTIMP"
        case 5: "REFUSED"
        case 9: "NOTAUTH"
        case 16: "BADVERS/BADSIG"
        case 17: "BADKEY"
        case 18: "BADTIME"
        default: "RCODE\(rawValue)"
        }
    }
}

/// The flag bits of the header's second 16-bit word (RFC 1035 §4.1.1, RFC 4035 §3.2 for AD/CD).
public struct DNSHeaderFlags: Hashable, Sendable {
    /// QR: set in responses.
    public var isResponse = false
    public var opcode = DNSOpcode.query
    /// AA.
    public var authoritativeAnswer = false
    /// TC.
    public var truncated = false
    /// RD.
    public var recursionDesired = false
    /// RA.
    public var recursionAvailable = false
    /// AD.
    public var authenticData = false
    /// CD.
    public var checkingDisabled = false

    public init() {}
}

/// The EDNS(0) parameters carried by an OPT pseudo-record (RFC 6891 §6.1).
public struct EDNSRecord: Hashable, Sendable {
    /// The requestor's UDP payload size; RFC 6891 §6.2.5 treats values below 512 as 512.
    public var udpPayloadSize: UInt16
    public var version: UInt8 = 0
    /// DO bit (RFC 3225).
    public var dnssecOK = false
    /// Options as (code, data) pairs, in wire order.
    public var options: [EDNSOption] = []

    public init(udpPayloadSize: UInt16, version: UInt8 = 0, dnssecOK: Bool = false, options: [EDNSOption] = []) {
        self.udpPayloadSize = udpPayloadSize
        self.version = version
        self.dnssecOK = dnssecOK
        self.options = options
    }
}

/// One EDNS option (RFC 6891 §6.1.2).
public struct EDNSOption: Hashable, Sendable {
    public var code: UInt16
    public var data: [UInt8]

    public init(code: UInt16, data: [UInt8]) {
        self.code = code
        self.data = data
    }
}

/// The RDATA of a TSIG pseudo-record (RFC 8945 §4.2), with the key name that owns it.
public struct TSIGRecord: Hashable, Sendable {
    /// The owner name: the name of the shared key.
    public var keyName: DNSName
    /// For example `hmac-sha256.`.
    public var algorithm: DNSName
    /// Seconds since 1970, 48 bits on the wire.
    public var timeSigned: UInt64
    public var fudge: UInt16
    public var mac: [UInt8]
    public var originalID: UInt16
    public var error: DNSResponseCode
    public var otherData: [UInt8]

    public init(
        keyName: DNSName, algorithm: DNSName, timeSigned: UInt64, fudge: UInt16, mac: [UInt8], originalID: UInt16,
        error: DNSResponseCode = .noError, otherData: [UInt8] = []
    ) {
        self.keyName = keyName
        self.algorithm = algorithm
        self.timeSigned = timeSigned
        self.fudge = fudge
        self.mac = mac
        self.originalID = originalID
        self.error = error
        self.otherData = otherData
    }
}
