/// Accumulates the sections of a response, adding each RRset at most once across all sections,
/// as BIND's `query_isduplicate` does (an address already in the answer is not repeated in the
/// additional section, the apex NS answered is not repeated in the authority section).
struct ResponseBuilder {
    enum Section {
        case answer, authority, additional
    }

    private(set) var answers: [ResourceRecord] = []
    private(set) var authority: [ResourceRecord] = []
    private(set) var additional: [ResourceRecord] = []
    /// The RRsets already placed; responses hold a handful, so a scan is cheapest.
    private var placed: [RRsetKey] = []

    func contains(name: DNSName, type: DNSRecordType) -> Bool {
        placed.contains { $0.type == type && $0.name == name }
    }

    /// Appends `set` to `section` unless an RRset of that name and type is already present;
    /// returns whether it was added.
    @discardableResult
    mutating func add(_ set: ResourceRecordSet, to section: Section) -> Bool {
        guard !contains(name: set.name, type: set.type) else { return false }
        placed.append(RRsetKey(name: set.name, type: set.type))
        switch section {
        case .answer: answers += set.records
        case .authority: authority += set.records
        case .additional: additional += set.records
        }
        return true
    }

    /// Appends a lone record (the negative-answer SOA, whose TTL differs from the zone's).
    mutating func add(_ record: ResourceRecord, to section: Section) {
        guard !contains(name: record.name, type: record.type) else { return }
        placed.append(RRsetKey(name: record.name, type: record.type))
        switch section {
        case .answer: answers.append(record)
        case .authority: authority.append(record)
        case .additional: additional.append(record)
        }
    }

    /// RFC 1034 §4.3.2 step 3b via BIND's `query_glueanswer`: in a referral for an A or AAAA
    /// query, glue that answers the question goes first in the additional section.
    mutating func moveToFront(name: DNSName, type: DNSRecordType) {
        let matching = additional.filter { $0.type == type && $0.name == name }
        guard !matching.isEmpty else { return }
        additional = matching + additional.filter { !($0.type == type && $0.name == name) }
    }
}
