import IMAPProtocol
import MailIndex
import MailMessage

extension SearchEvaluator {
    /// True when `message` (sequence number `sequence`) matches every criterion. `structure` and `content`
    /// are what ``needs`` asks for (content as `FolderStore.content(of:in:)` gives it, the bytes the structure
    /// was parsed from); given only content, the structure is parsed from it. For ``SearchNeeds/structure``
    /// the message's `envelope` alone will do. A criterion whose data is missing does not match.
    public func matches(_ message: IndexedMessage, sequence: UInt32, structure: MessageStructure?,
                        envelope: Envelope? = nil, content: [UInt8]?) -> Bool {
        let structure = structure ?? content.map { MessageStructure(parsing: $0) }
        var context = MatchContext(message: message, sequence: sequence, structure: structure,
                                   envelope: envelope ?? structure?.envelope, content: content, zone: zone)
        return context.evaluate(root)
    }
}

/// One message being tested. Texts are decoded and folded when a key first needs them and kept, so that several
/// keys on the same text decode it once; body texts are decoded one part at a time, and a key that matches an
/// early part leaves the later ones undecoded.
struct MatchContext {
    let message: IndexedMessage
    let sequence: UInt32
    let structure: MessageStructure?
    let envelope: Envelope?
    let content: [UInt8]?
    let zone: InternalDateZone
    private var header: MessageHeader?
    private var headerText: FoldedText?
    /// What SEARCH TEXT looks through in the body (nil until needed; BODY skips its headers), and each source's
    /// folded text once a key has needed it.
    private var bodySources: [BodyTextSource]?
    private var bodyTexts: [FoldedText?] = []

    init(message: IndexedMessage, sequence: UInt32, structure: MessageStructure?, envelope: Envelope?,
         content: [UInt8]?, zone: InternalDateZone) {
        self.message = message
        self.sequence = sequence
        self.structure = structure
        self.envelope = envelope
        self.content = content
        self.zone = zone
    }

    mutating func evaluate(_ criterion: Criterion) -> Bool {
        switch criterion {
        case .constant(let value): return value
        case .system(let flag, let set): return message.flags.system.contains(flag) == set
        case .keyword(let keyword, let set):
            return message.flags.keywords.contains { $0.lowercased() == keyword } == set
        case .address(let field, let key): return addressText(field).map { key.matches($0) } ?? false
        case .subject(let key):
            guard let envelope else { return false }
            return key.isEmpty || key.matches(FoldedText(envelope.decodedSubject ?? ""))
        case .header(let name, let key): return headerMatches(name, key)
        case .body(let key): return key.isEmpty || bodyMatches(key, headers: false)
        case .text(let key):
            guard content != nil else { return false }
            return key.isEmpty || key.matches(foldedHeaderText()) || bodyMatches(key, headers: true)
        case .internalDate(let comparison, let date): return comparison.holds(zone.date(message.internalDate), date)
        case .sentDate(let comparison, let date):
            guard let raw = envelope?.date, let sent = RFC5322Date.date(raw.bytes) else { return false }
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
    private func addressText(_ field: AddressField) -> FoldedText? {
        guard let envelope else { return nil }
        let addresses: [Address] = switch field {
        case .from: envelope.from
        case .to: envelope.to
        case .cc: envelope.cc
        case .bcc: envelope.bcc
        }
        var text = FoldedText()
        for address in addresses where !address.isGroupEnd {
            if !text.bytes.isEmpty { text.append("\n") }
            if let name = address.decodedName { text.append(name) }
            text.append(" <")
            if let mailbox = address.mailbox { text.append(mailbox.description) }
            if let host = address.host { text.append("@" + host.description) }
            text.append(">")
        }
        return text
    }

    private mutating func messageHeader() -> MessageHeader? {
        if header == nil, let content { header = MessageHeader(parsing: content) }
        return header
    }

    private mutating func headerMatches(_ name: String, _ key: SearchPattern) -> Bool {
        guard let values = messageHeader()?.decodedValues(named: name), !values.isEmpty else { return false }
        return key.isEmpty || values.contains { key.matches(FoldedText($0)) }
    }

    private mutating func foldedHeaderText() -> FoldedText {
        if let headerText { return headerText }
        var text = FoldedText()
        text.appendFields(messageHeader()?.fields ?? [])
        headerText = text
        return text
    }

    /// True when `key` is in one of the body's texts, in message order, folding each when first reached. With
    /// `headers` false (BODY) the parts' MIME headers and encapsulated messages' headers are passed over: they are
    /// header fields.
    private mutating func bodyMatches(_ key: SearchPattern, headers: Bool) -> Bool {
        guard let structure, let content else { return false }
        let sources = bodySources ?? structure.searchTextSources
        if bodySources == nil {
            bodySources = sources
            bodyTexts = Array(repeating: nil, count: sources.count)
        }
        for (position, source) in sources.enumerated() {
            if case .header = source, !headers { continue }
            let folded = bodyTexts[position] ?? structure.foldedText(source, in: content)
            bodyTexts[position] = folded
            if key.matches(folded) { return true }
        }
        return false
    }
}
