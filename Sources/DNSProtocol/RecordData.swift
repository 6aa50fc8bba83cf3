import MailCore

/// The RDATA of a resource record, typed for the records mailroom serves and resolves.
///
/// Types without a case here travel as `.unknown` with their raw octets (RFC 3597), so a record
/// read from the wire or a zone file is never dropped or altered.
public enum RecordData: Hashable, Sendable {
    /// RFC 1035 §3.4.1.
    case a(IPAddress)
    /// RFC 3596 §2.2.
    case aaaa(IPAddress)
    /// RFC 1035 §3.3.11.
    case ns(DNSName)
    /// RFC 1035 §3.3.1.
    case cname(DNSName)
    /// RFC 1035 §3.3.12.
    case ptr(DNSName)
    /// RFC 1035 §3.3.9; a preference of 0 with exchange `.` is the null MX of RFC 7505.
    case mx(preference: UInt16, exchange: DNSName)
    /// RFC 1035 §3.3.14: one or more character-strings of at most 255 octets each.
    case txt([[UInt8]])
    /// RFC 1035 §3.3.13.
    case soa(StartOfAuthority)
    /// RFC 2782.
    case srv(priority: UInt16, weight: UInt16, port: UInt16, target: DNSName)
    /// RFC 8659 §4.1.
    case caa(flags: UInt8, tag: [UInt8], value: [UInt8])
    /// Any other type: the RDATA octets as received (RFC 3597 §3).
    case unknown(DNSRecordType, [UInt8])

    /// The record type this data belongs to.
    public var type: DNSRecordType {
        switch self {
        case .a: .a
        case .aaaa: .aaaa
        case .ns: .ns
        case .cname: .cname
        case .ptr: .ptr
        case .mx: .mx
        case .txt: .txt
        case .soa: .soa
        case .srv: .srv
        case .caa: .caa
        case .unknown(let type, _): type
        }
    }

    /// The name this data points at, for additional-section processing (RFC 1035 §4.3.2 step 6).
    public var targetName: DNSName? {
        switch self {
        case .ns(let name), .mx(_, let name), .srv(_, _, _, let name): name
        default: nil
        }
    }
}

/// The RDATA of an SOA record (RFC 1035 §3.3.13).
public struct StartOfAuthority: Hashable, Sendable {
    /// MNAME: the primary name server.
    public var primaryServer: DNSName
    /// RNAME: the mailbox of the person responsible, as a name.
    public var responsibleMailbox: DNSName
    public var serial: UInt32
    public var refresh: UInt32
    public var retry: UInt32
    public var expire: UInt32
    /// MINIMUM: the negative-caching TTL (RFC 2308 §4).
    public var minimum: UInt32

    public init(
        primaryServer: DNSName, responsibleMailbox: DNSName, serial: UInt32, refresh: UInt32, retry: UInt32,
        expire: UInt32, minimum: UInt32
    ) {
        self.primaryServer = primaryServer
        self.responsibleMailbox = responsibleMailbox
        self.serial = serial
        self.refresh = refresh
        self.retry = retry
        self.expire = expire
        self.minimum = minimum
    }
}
