import IMAPProtocol
import MailIndex
import MailMessage

extension SearchEvaluator {
    /// True when `message` (sequence number `sequence`) matches every criterion. `structure` and `content`
    /// are what ``needs`` asks for (content as `FolderStore.content(of:in:)` gives it, the bytes the structure
    /// was parsed from); given only content, the structure is parsed from it. A criterion whose data is
    /// missing does not match.
    public func matches(_ message: IndexedMessage, sequence: UInt32, structure: MessageStructure?,
                        content: [UInt8]?) -> Bool {
        var context = MatchContext(
            message: message, sequence: sequence, structure: structure ?? content.map { MessageStructure(parsing: $0) },
            content: content, zone: zone)
        return context.evaluate(root)
    }
}

/// One message being tested, with the texts already decoded and folded for it, so that several keys on the
/// same text decode it once.
struct MatchContext {
    let message: IndexedMessage
    let sequence: UInt32
    let structure: MessageStructure?
    let content: [UInt8]?
    let zone: InternalDateZone
    private var header: MessageHeader?
    private var bodyTexts: [String]?
    private var headerText: String?

    init(message: IndexedMessage, sequence: UInt32, structure: MessageStructure?, content: [UInt8]?,
         zone: InternalDateZone) {
        self.message = message
        self.sequence = sequence
        self.structure = structure
        self.content = content
        self.zone = zone
    }

    mutating func evaluate(_ criterion: Criterion) -> Bool {
        switch criterion {
        case .constant(let value): return value
        case .system(let flag, let set): return message.flags.system.contains(flag) == set
        case .keyword(let keyword, let set):
            return message.flags.keywords.contains { $0.lowercased() == keyword } == set
        case .address(let field, let key): return addressText(field).map { $0.contains(key) } ?? false
        case .subject(let key):
            guard let envelope = structure?.envelope else { return false }
            return SearchFolding.fold(envelope.decodedSubject ?? "").contains(key) || key.isEmpty
        case .header(let name, let key): return headerMatches(name, key)
        case .body(let key): return key.isEmpty || foldedBodyTexts()?.contains { $0.contains(key) } == true
        case .text(let key):
            guard content != nil else { return false }
            return key.isEmpty || foldedHeaderText().contains(key)
                || foldedBodyTexts()?.contains { $0.contains(key) } == true
        case .internalDate(let comparison, let date): return comparison.holds(zone.date(message.internalDate), date)
        case .sentDate(let comparison, let date):
            guard let raw = structure?.envelope.date, let sent = RFC5322Date.date(raw.bytes) else { return false }
            return comparison.holds(sent, date)
        case .larger(let size): return message.size > 0 && UInt64(message.size) > size
        case .smaller(let size): return message.size < 0 || UInt64(message.size) < size
        case .sequences(let ranges): return ranges.contains { $0.contains(sequence) }
        case .uidRanges(let ranges): return ranges.contains { $0.contains(message.uid) }
        case .uids(let uids): return uids.contains(message.uid)
        case .not(let inner): return !evaluate(inner)
        case .or(let left, let right): return evaluate(left) || evaluate(right)
        case .and(let criteria):
            for criterion in criteria where !evaluate(criterion) { return false }
            return true
        }
    }

    /// The envelope's addresses as `name <mailbox@host>` lines, decoded and folded.
    private func addressText(_ field: AddressField) -> String? {
        guard let envelope = structure?.envelope else { return nil }
        let addresses: [Address] = switch field {
        case .from: envelope.from
        case .to: envelope.to
        case .cc: envelope.cc
        case .bcc: envelope.bcc
        }
        let lines = addresses.filter { !$0.isGroupEnd }.map { address in
            let name = address.decodedName ?? ""
            let mailbox = address.mailbox?.description ?? ""
            let host = address.host.map { "@" + $0.description } ?? ""
            return name + " <" + mailbox + host + ">"
        }
        return SearchFolding.fold(lines.joined(separator: "\n"))
    }

    private mutating func messageHeader() -> MessageHeader? {
        if header == nil, let content { header = MessageHeader(parsing: content) }
        return header
    }

    private mutating func headerMatches(_ name: String, _ key: String) -> Bool {
        guard let values = messageHeader()?.decodedValues(named: name), !values.isEmpty else { return false }
        return key.isEmpty || values.contains { SearchFolding.fold($0).contains(key) }
    }

    private mutating func foldedHeaderText() -> String {
        if let headerText { return headerText }
        let fields = messageHeader()?.fields ?? []
        let text = SearchFolding.fold(fields.map { "\($0.name): \($0.decodedValue)\n" }.joined())
        headerText = text
        return text
    }

    private mutating func foldedBodyTexts() -> [String]? {
        if let bodyTexts { return bodyTexts }
        guard let structure, let content else { return nil }
        let texts = structure.bodyTexts(in: content).map(SearchFolding.fold)
        bodyTexts = texts
        return texts
    }
}
