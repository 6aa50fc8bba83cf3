/// A section of FETCH BODY[section] and BINARY[section] (RFC 9051 §6.4.5): a part number path and what to
/// take there. HEADER.FIELDS and HEADER.FIELDS.NOT are ``Text/header`` narrowed afterwards with
/// ``MessageHeader/selectedLines(_:excluding:from:)``.
public struct BodySection: Hashable, Sendable {
    /// The section-text after the part numbers.
    public enum Text: Hashable, Sendable {
        /// None: the whole message for an empty path (BODY[]), else the part's content (BODY[1.2]).
        case content
        /// HEADER (and HEADER.FIELDS): the RFC 5322 header of the message, or of the message encapsulated in the
        /// message/rfc822 part the path names, the empty line included.
        case header
        /// TEXT: the body of that message.
        case text
        /// MIME: the MIME header of the part the path names, the empty line included; needs a part number.
        case mime
    }

    /// The part numbers, each from 1 (`[4, 2]` for `4.2`); empty for the message itself.
    public var part: [Int]
    public var text: Text

    public init(part: [Int] = [], text: Text = .content) {
        self.part = part
        self.text = text
    }
}

extension MessageStructure {
    /// The entity that part number path `path` names (RFC 9051 §6.4.5): within a multipart the numbers count its
    /// body parts; a message that is not multipart, and each encapsulated message that is not, has only part 1,
    /// its body, which is the message's own entity here; a message/rfc822 part's numbers continue in its
    /// encapsulated message (`3.1` is that message's first part). Nil for an empty path or a part that does not
    /// exist.
    public func partIndex(at path: [Int]) -> Int? {
        var current: Int?
        for number in path {
            guard number >= 1 else { return nil }
            var message = 0
            if let part = current {
                switch parts[part].content {
                case .multipart(let children):
                    guard number <= children.count else { return nil }
                    current = children[number - 1]
                    continue
                case .encapsulatedMessage(let encapsulated):
                    message = encapsulated
                case .single:
                    return nil
                }
            }
            if case .multipart(let children) = parts[message].content {
                guard number <= children.count else { return nil }
                current = children[number - 1]
            } else {
                guard number == 1 else { return nil }
                current = message
            }
        }
        return current
    }

    /// The bytes of `section`, nil when it does not exist (a part number past the last part, HEADER or TEXT of
    /// a part that is not message/rfc822, MIME without a part number).
    public func span(of section: BodySection) -> ByteSpan? {
        guard !section.part.isEmpty else {
            switch section.text {
            case .content: return size
            case .header: return parts[0].header
            case .text: return parts[0].body
            case .mime: return nil
            }
        }
        guard let index = partIndex(at: section.part) else { return nil }
        switch section.text {
        case .content: return parts[index].body
        case .mime: return parts[index].header
        case .header, .text:
            guard case .encapsulatedMessage(let message) = parts[index].content else { return nil }
            return section.text == .header ? parts[message].header : parts[message].body
        }
    }
}
