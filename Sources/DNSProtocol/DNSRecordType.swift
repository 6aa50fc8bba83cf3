/// A resource record TYPE (RFC 1035 §3.2.2) or QTYPE (§3.2.3), with the mnemonics BIND prints.
public struct DNSRecordType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    public static let a = DNSRecordType(rawValue: 1)
    public static let ns = DNSRecordType(rawValue: 2)
    public static let cname = DNSRecordType(rawValue: 5)
    public static let soa = DNSRecordType(rawValue: 6)
    public static let ptr = DNSRecordType(rawValue: 12)
    /// RFC 1035 §3.3.2 (read and written from its text form as raw RDATA).
    public static let hinfo = DNSRecordType(rawValue: 13)
    public static let mx = DNSRecordType(rawValue: 15)
    public static let txt = DNSRecordType(rawValue: 16)
    /// RFC 3596.
    public static let aaaa = DNSRecordType(rawValue: 28)
    /// RFC 2782.
    public static let srv = DNSRecordType(rawValue: 33)
    /// RFC 4034 §5 delegation signer (raw RDATA with a text form).
    public static let ds = DNSRecordType(rawValue: 43)
    /// RFC 4255 SSH fingerprint (raw RDATA with a text form).
    public static let sshfp = DNSRecordType(rawValue: 44)
    /// RFC 6698 DANE TLSA, which mail servers publish for SMTP (RFC 7672) (raw RDATA with a text form).
    public static let tlsa = DNSRecordType(rawValue: 52)
    /// RFC 6891 EDNS(0) pseudo-record.
    public static let opt = DNSRecordType(rawValue: 41)
    /// RFC 8945 transaction signature pseudo-record.
    public static let tsig = DNSRecordType(rawValue: 250)
    public static let ixfr = DNSRecordType(rawValue: 251)
    public static let axfr = DNSRecordType(rawValue: 252)
    public static let any = DNSRecordType(rawValue: 255)
    /// RFC 8659.
    public static let caa = DNSRecordType(rawValue: 257)

    private static let mnemonics: [(DNSRecordType, String)] = [
        (.a, "A"), (.ns, "NS"), (.cname, "CNAME"), (.soa, "SOA"), (.ptr, "PTR"), (.hinfo, "HINFO"), (.mx, "MX"),
        (.txt, "TXT"), (.aaaa, "AAAA"), (.srv, "SRV"), (.ds, "DS"), (.sshfp, "SSHFP"), (.tlsa, "TLSA"), (.opt, "OPT"), (.tsig, "TSIG"), (.ixfr, "IXFR"), (.axfr, "AXFR"),
        (.any, "ANY"), (.caa, "CAA"),
    ]

    /// Parses a mnemonic (`MX`, case-insensitive) or the RFC 3597 `TYPE123` form.
    public init?(mnemonic: String) {
        let upper = mnemonic.uppercased()
        if let known = DNSRecordType.mnemonics.first(where: { $0.1 == upper }) {
            self = known.0
        } else if upper.hasPrefix("TYPE"), let value = UInt16(upper.dropFirst(4)) {
            self.init(rawValue: value)
        } else {
            return nil
        }
    }

    /// The mnemonic, or `TYPE123` (RFC 3597 §5) for a type without one.
    public var description: String {
        DNSRecordType.mnemonics.first(where: { $0.0 == self })?.1 ?? "TYPE\(rawValue)"
    }
}

/// A resource record CLASS (RFC 1035 §3.2.4) or QCLASS (§3.2.5).
public struct DNSClass: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    public static let internet = DNSClass(rawValue: 1)
    public static let chaos = DNSClass(rawValue: 3)
    /// RFC 2136 §2.4: used in TSIG records (RFC 8945 §4.2).
    public static let none = DNSClass(rawValue: 254)
    public static let any = DNSClass(rawValue: 255)

    /// Parses `IN`, `CH`, `HS`, `NONE`, `ANY` or the RFC 3597 `CLASS123` form.
    public init?(mnemonic: String) {
        switch mnemonic.uppercased() {
        case "IN": self = .internet
        case "CH": self = .chaos
        case "HS": self.init(rawValue: 4)
        case "NONE": self = .none
        case "ANY": self = .any
        case let upper where upper.hasPrefix("CLASS"):
            guard let value = UInt16(upper.dropFirst(5)) else { return nil }
            self.init(rawValue: value)
        default: return nil
        }
    }

    public var description: String {
        switch rawValue {
        case 1: "IN"
        case 3: "CH"
        case 4: "HS"
        case 254: "NONE"
        case 255: "ANY"
        default: "CLASS\(rawValue)"
        }
    }
}
