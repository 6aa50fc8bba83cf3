/// Reads a response that already matched its query (see `DNSMessage.isResponse(to:)`) and
/// classifies it for a stub resolver. Pure, so every RFC corner is unit-tested without I/O.
public enum DNSResponseInterpreter {
    /// Classifies `response` as the answer to `question`.
    ///
    /// Only answer-section records on the CNAME chain from `question.name` are used: anything else
    /// the server sent is unrelated to the question and is ignored rather than trusted
    /// (RFC 2181 §5.4.1 ranks such data lowest; RFC 5452 §6 warns about cache poisoning).
    public static func interpret(_ response: DNSMessage, for question: DNSQuestion) -> DNSResponseOutcome {
        switch response.responseCode {
        case .noError, .nameError: break
        case .formatError, .notImplemented, .refused: return .refused(response.responseCode)
        default: return .serverFailure(response.responseCode)
        }
        var current = question.name
        var visited: Set<DNSName> = [current]
        var aliases: [ResourceRecord] = []
        while true {
            let onName = response.answers.filter { $0.name == current && $0.dnsClass == question.dnsClass }
            let records = onName.filter { $0.type == question.type }
            if !records.isEmpty {
                return .answer(records: records, aliases: aliases, canonicalName: current)
            }
            // A CNAME query wants the alias itself, so it is never followed (RFC 1034 §3.6.2).
            guard question.type != .cname, let alias = onName.first(where: { $0.type == .cname }),
                case .cname(let target) = alias.data
            else { break }
            aliases.append(alias)
            guard visited.insert(target).inserted else { return .aliasLoop(target) }
            current = target
        }
        // RFC 2308 §3: the SOA in the authority section belongs to the zone holding the last name.
        let soa = response.authority.first { $0.type == .soa && current.isSubdomain(of: $0.name) }
        if response.responseCode == .nameError {
            return .nameError(aliases: aliases, canonicalName: current, soa: soa)
        }
        if soa == nil, aliases.isEmpty, response.authority.contains(where: { $0.type == .ns }) {
            return .referral
        }
        if soa == nil, !aliases.isEmpty {
            // The server stopped at an alias without saying the target is empty: ask for the target.
            return .alias(aliases: aliases, target: current)
        }
        return .noData(aliases: aliases, canonicalName: current, soa: soa)
    }

    /// The negative-caching TTL of RFC 2308 §5: the lesser of the SOA record's own TTL and its
    /// MINIMUM field. `nil` when `soa` is not an SOA record.
    public static func negativeTTL(of soa: ResourceRecord) -> UInt32? {
        guard case .soa(let data) = soa.data else { return nil }
        return min(soa.ttl, data.minimum)
    }
}
