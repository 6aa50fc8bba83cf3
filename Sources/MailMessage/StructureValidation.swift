/// The invariants of a ``MessageStructure`` as the parser makes it, checked on every decoded one so that a
/// damaged or hostile index entry cannot send a FETCH outside the message or a BODYSTRUCTURE into a loop.
enum StructureValidation {
    /// True when `parts` form a tree rooted at 0 in which each entity's children have larger indices, come in
    /// order and lie inside its body; no deeper than ``MIMELimits/maximumDepth``; every span inside the message;
    /// each content agreeing with its type (multipart ⇔ multipart content, message/rfc822 ⇔ encapsulated
    /// message); envelopes exactly on the message and the encapsulated messages.
    static func isConsistent(_ parts: [MessagePart], size: ByteSpan) -> Bool {
        guard let root = parts.first, root.header.range.lowerBound == 0, root.body.range.upperBound == size.count,
            root.envelope != nil
        else { return false }
        var depth = [Int?](repeating: nil, count: parts.count)
        depth[0] = 0
        for (index, part) in parts.enumerated() {
            guard let level = depth[index], part.body.range.upperBound <= size.count, agrees(part) else { return false }
            var previousEnd = part.body.range.lowerBound
            for child in part.children {
                guard child > index, child < parts.count, depth[child] == nil, level < MIMELimits.maximumDepth
                else { return false }
                depth[child] = level + 1
                let inner = parts[child]
                guard inner.header.range.lowerBound >= previousEnd,
                    inner.body.range.upperBound <= part.body.range.upperBound
                else { return false }
                previousEnd = inner.body.range.upperBound
                if case .encapsulatedMessage = part.content {
                    guard inner.envelope != nil, inner.header.range.lowerBound == part.body.range.lowerBound,
                        inner.body.range.upperBound == part.body.range.upperBound
                    else { return false }
                } else if inner.envelope != nil {
                    return false
                }
            }
        }
        return true
    }

    private static func agrees(_ part: MessagePart) -> Bool {
        let type = part.fields.contentType
        switch part.content {
        case .single: return !type.isMultipart && !type.isEncapsulatedMessage
        case .multipart(let children): return type.isMultipart && !children.isEmpty
        case .encapsulatedMessage: return type.isEncapsulatedMessage
        }
    }
}
