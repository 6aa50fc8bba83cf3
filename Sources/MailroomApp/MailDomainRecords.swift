import DNSProtocol
import MailCore
import MailroomConfig

/// The DNS records a mail domain needs so the world finds and trusts this server, as zone-file lines
/// for `mailroom dns records DOMAIN`: MX (RFC 5321 §5.1), A/AAAA of `myhostname`, SPF (RFC 7208),
/// DMARC (RFC 7489 §6.1) and the RFC 6186 SRV records mail clients use to configure themselves.
public struct MailDomainRecords: Sendable {
    /// The records to add.
    public let records: [ResourceRecord]
    /// Things the user must know or do that are not records (`;` comments in the output).
    public let notes: [String]

    /// The output of `mailroom dns records`: a heading, one zone-file line per record, then the notes,
    /// all ready to paste into a zone file.
    public var lines: [String] {
        ["; DNS records for \(domain), served by \(hostname)"] + records.map(\.presentation) + notes.map { "; " + $0 }
    }

    private let domain: String
    private let hostname: String

    /// TTL of the suggested records: an hour, short enough to correct a mistake the same day.
    static let ttl: UInt32 = 3600

    /// The records for `domain` served by `settings.myhostname` at `addresses` (the host's public
    /// addresses; empty when none is known).
    public init(domain: String, settings: Settings, addresses: [IPAddress]) throws(AppError) {
        guard let zone = DNSName(domain), let host = DNSName(settings.myhostname) else {
            throw AppError("\(domain): not a domain name")
        }
        self.domain = domain
        self.hostname = settings.myhostname
        let ttl = Self.ttl
        var records = [ResourceRecord(name: zone, ttl: ttl, data: .mx(preference: 10, exchange: host))]
        records += addresses.map { ResourceRecord(name: host, ttl: ttl, data: $0.isIPv4 ? .a($0) : .aaaa($0)) }
        records.append(ResourceRecord(name: zone, ttl: ttl, data: .txt([Array("v=spf1 mx -all".utf8)])))
        if let dmarc = zone.prepending(Array("_dmarc".utf8)) {
            let policy = "v=DMARC1; p=quarantine; rua=mailto:postmaster@\(domain)"
            records.append(ResourceRecord(name: dmarc, ttl: ttl, data: .txt([Array(policy.utf8)])))
        }
        for (service, listener) in Self.clientServices where settings.serves(listener) {
            guard let owner = zone.prepending(Array("_tcp".utf8))?.prepending(Array(service.utf8)) else { continue }
            let port = UInt16(clamping: settings.ports[listener] ?? listener.standardPort)
            records.append(ResourceRecord(name: owner, ttl: ttl, data: .srv(priority: 0, weight: 1, port: port, target: host)))
        }
        self.records = records
        var notes: [String] = []
        if addresses.isEmpty {
            notes.append("no public address found for \(settings.myhostname): add its A (and AAAA) record by hand")
        }
        notes.append("DKIM: no signing key yet; its TXT record will be listed here once one exists")
        notes.append("MTA-STS needs a policy served over HTTPS, which mailroom does not do yet: no record suggested")
        self.notes = notes
    }

    /// RFC 6186 §3 services (RFC 8314 §5.1 for the implicit-TLS ones) and the listener behind each.
    private static let clientServices: [(String, Listener)] = [
        ("_submission", .submission), ("_submissions", .submissions), ("_imap", .imap), ("_imaps", .imaps),
        ("_pop3", .pop3), ("_pop3s", .pop3s),
    ]
}

extension Settings {
    /// True when `listener` is open: its protocol is enabled and its port is not 0.
    fileprivate func serves(_ listener: Listener) -> Bool {
        protocols.contains(listener.serviceProtocol) && (ports[listener] ?? 0) != 0
    }
}
