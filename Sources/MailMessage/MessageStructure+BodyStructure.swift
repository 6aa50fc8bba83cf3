extension MessageStructure {
    /// The message's BODYSTRUCTURE (RFC 9051 §7.5.2).
    public var bodyStructure: BodyStructure { bodyStructure(ofPart: 0) }

    /// The BODYSTRUCTURE of entity `index`: of its content, with its MIME fields. The recursion is as deep as
    /// the tree, at most ``MIMELimits/maximumDepth``.
    public func bodyStructure(ofPart index: Int) -> BodyStructure {
        let part = parts[index]
        switch part.content {
        case .multipart(let children):
            return .multipart(.init(parts: children.map { bodyStructure(ofPart: $0) }, fields: part.fields))
        case .encapsulatedMessage(let message):
            return .singlepart(
                .init(
                    fields: part.fields, octets: part.body.crlfSize,
                    kind: .message(
                        envelope: parts[message].envelope ?? Envelope(), body: bodyStructure(ofPart: message),
                        lines: part.body.lines)))
        case .single:
            return .singlepart(
                .init(
                    fields: part.fields, octets: part.body.crlfSize,
                    kind: part.fields.contentType.isText ? .text(lines: part.body.lines) : .basic))
        }
    }
}
