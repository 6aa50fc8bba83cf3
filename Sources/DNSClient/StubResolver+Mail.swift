import DNSProtocol
import MailCore

/// The mail-specific lookups of `DNSResolving`, built on `lookup(_:_:)`.
extension StubResolver {
    /// RFC 5321 §5.1 MX selection with RFC 7505 null MX; see `MailExchangerSelection.select`.
    public func mailExchangers(for domain: DNSName) async throws(DNSResolutionError) -> MailExchangerAnswer {
        let result = try await lookup(domain, .mx)
        return try MailExchangerSelection.select(domain: domain, from: result, using: &random)
    }

    /// A then AAAA addresses of `host` (RFC 1035 §3.4.1, RFC 3596 §2.2), CNAMEs followed.
    ///
    /// NXDOMAIN on the A query ends the lookup (RFC 8020 §2: the name has no data of any type).
    /// When one family fails transiently and the other has addresses, the addresses are
    /// returned: delivery can proceed over the family that works. When neither has addresses,
    /// a transient failure is rethrown because "no addresses" could not be established.
    public func addresses(of host: DNSName) async throws(DNSResolutionError) -> [IPAddress] {
        var found: [IPAddress] = []
        var failure: DNSResolutionError?
        for type in [DNSRecordType.a, .aaaa] {
            do throws(DNSResolutionError) {
                switch try await lookup(host, type) {
                case .records(let records, _):
                    found += records.compactMap { record in
                        switch record.data {
                        case .a(let address), .aaaa(let address): address
                        default: nil
                        }
                    }
                case .nameError:
                    if found.isEmpty, failure == nil { throw .nameError(host) }
                case .noData:
                    break
                }
            } catch {
                if case .nameError = error { throw error }
                failure = failure ?? error
            }
        }
        if found.isEmpty, let failure { throw failure }
        return found
    }

    /// TXT records at `name`, each with its character-strings concatenated without spaces
    /// (RFC 7208 §3.3, RFC 6376 §3.6.2.2), decoded as UTF-8 with invalid bytes replaced (SPF and
    /// DKIM records are ASCII, so replacement only touches records that would fail to parse anyway).
    /// `nil` for NXDOMAIN, `[]` for NODATA.
    public func text(at name: DNSName) async throws(DNSResolutionError) -> [String]? {
        switch try await lookup(name, .txt) {
        case .nameError:
            return nil
        case .noData:
            return []
        case .records(let records, _):
            return records.compactMap { record in
                guard case .txt(let strings) = record.data else { return nil }
                return String(decoding: Array(strings.joined()), as: UTF8.self)
            }
        }
    }
}
