/// Turns an MX lookup into a delivery plan (RFC 5321 §5.1, RFC 7505). Pure, so it is tested
/// without a resolver; randomness comes from the caller so orderings are reproducible.
public enum MailExchangerSelection {
    /// Decides where mail for `domain` goes from the result of an MX lookup.
    ///
    /// - NXDOMAIN throws `.nameError` (RFC 5321 §5.1: the domain does not exist, a permanent failure).
    /// - NODATA yields `.implicit(domain)` (RFC 5321 §5.1 implicit MX). The queried name, not the
    ///   canonical one, is returned: address lookup follows the same CNAME anyway.
    /// - An RRset whose exchanges are all `.` is a null MX (RFC 7505 §3). When `.` is mixed with
    ///   real exchanges the domain is misconfigured (RFC 7505 §3 forbids it) and the `.` entries
    ///   are dropped so the real ones still work.
    public static func select(
        domain: DNSName, from result: DNSLookupResult, using random: inout some RandomNumberGenerator
    ) throws(DNSResolutionError) -> MailExchangerAnswer {
        switch result {
        case .nameError:
            throw .nameError(domain)
        case .noData:
            return .implicit(domain)
        case .records(let records, _):
            let all = records.compactMap { record -> MailExchanger? in
                guard case .mx(let preference, let exchange) = record.data else { return nil }
                return MailExchanger(preference: preference, exchange: exchange)
            }
            guard !all.isEmpty else { return .implicit(domain) }
            let real = all.filter { !$0.exchange.isRoot }
            guard !real.isEmpty else { return .nullMX }
            return .exchangers(order(real, using: &random))
        }
    }

    /// Sorts by preference and shuffles each group of equal preference (RFC 5321 §5.1).
    /// Duplicate exchanges keep only their most preferred entry, so a host is not tried twice.
    public static func order(
        _ exchangers: [MailExchanger], using random: inout some RandomNumberGenerator
    ) -> [MailExchanger] {
        var best: [DNSName: MailExchanger] = [:]
        var firstSeen: [DNSName] = []
        for exchanger in exchangers {
            if let known = best[exchanger.exchange] {
                if exchanger.preference < known.preference { best[exchanger.exchange] = exchanger }
            } else {
                best[exchanger.exchange] = exchanger
                firstSeen.append(exchanger.exchange)
            }
        }
        // Group in first-seen order before shuffling, so the result depends only on the input and the RNG.
        var groups: [UInt16: [MailExchanger]] = [:]
        for name in firstSeen {
            let exchanger = best[name]!
            groups[exchanger.preference, default: []].append(exchanger)
        }
        var ordered: [MailExchanger] = []
        for preference in groups.keys.sorted() {
            var group = groups[preference]!
            group.shuffle(using: &random)
            ordered += group
        }
        return ordered
    }
}
