import DNSProtocol
import MailCore

/// `mailroom dns lookup`: what mailroom's resolver finds for a name, in the words delivery will use.
///
/// For MX (the default) that is the delivery plan of RFC 5321 §5.1: the exchangers in the order they
/// will be tried with their addresses, the implicit MX of a domain without MX records, or the null MX
/// of RFC 7505. For another type, the records in presentation form.
public enum DomainLookup {
    /// The output lines; throws when the look-up fails (temporary or permanent, as the message says).
    public static func lines(for name: String, type: String, resolver: some DNSResolving) async throws(AppError)
        -> [String]
    {
        guard let domain = DNSName(name) else { throw AppError("\(name): not a domain name") }
        guard let recordType = DNSRecordType(mnemonic: type) else { throw AppError("\(type): not a record type") }
        do throws(DNSResolutionError) {
            guard recordType == .mx else {
                let result = try await resolver.lookup(domain, recordType)
                switch result {
                case .records(let records, _): return records.map(\.presentation)
                case .nameError: return ["; \(domain) does not exist (NXDOMAIN)"]
                case .noData: return ["; \(domain) has no \(recordType) records"]
                }
            }
            switch try await resolver.mailExchangers(for: domain) {
            case .nullMX:
                return ["; \(domain) publishes a null MX (RFC 7505): it accepts no mail"]
            case .implicit(let host):
                return ["; \(domain) has no MX records: mail goes to the domain itself (implicit MX)"]
                    + (try await addressLines(of: host, preference: 0, resolver: resolver))
            case .exchangers(let exchangers):
                var lines: [String] = []
                for exchanger in exchangers {
                    lines += try await addressLines(of: exchanger.exchange, preference: exchanger.preference,
                                                    resolver: resolver)
                }
                return lines
            }
        } catch {
            throw AppError("\(name) \(recordType): \(error.description)"
                + (error.isTemporary ? " (temporary: delivery would try again later)" : ""))
        }
    }

    /// `PREFERENCE HOST ADDRESS...`, or a note when the host has no address.
    private static func addressLines(of host: DNSName, preference: UInt16, resolver: some DNSResolving)
        async throws(DNSResolutionError) -> [String]
    {
        let addresses = try await resolver.addresses(of: host)
        guard !addresses.isEmpty else { return ["\(preference) \(host) ; no A or AAAA records"] }
        return ["\(preference) \(host) " + addresses.map(\.description).joined(separator: " ")]
    }
}
