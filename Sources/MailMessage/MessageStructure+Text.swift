extension MessageStructure {
    /// The content of part `index` with its transfer encoding undone (RFC 2045 §6): FETCH BINARY[section]
    /// (RFC 3516 §4.2) and the first step of ``text(ofPart:in:unknownCharset:)``. `message` is the bytes the
    /// structure was parsed from.
    public func decodedContent(ofPart index: Int, in message: some RandomAccessCollection<UInt8>) -> [UInt8] {
        let part = parts[index]
        return part.fields.transferEncoding.decode(ByteLines.slice(message, part.body.range))
    }

    /// The text of a text/* leaf, for SEARCH BODY and TEXT (RFC 9051 §6.4.4): transfer encoding undone and the
    /// charset converted to UTF-8 (RFC 2046 §4.1.2; no charset means US-ASCII). A charset ``Charset`` does not
    /// know is read as `unknownCharset`. Nil for other parts.
    public func text(
        ofPart index: Int, in message: some RandomAccessCollection<UInt8>, unknownCharset: Charset = .utf8
    ) -> String? {
        let part = parts[index]
        guard case .single = part.content, part.fields.contentType.isText else { return nil }
        let charset = part.fields.contentType.charset.flatMap { Charset(label: $0.bytes) } ?? unknownCharset
        return charset.decode(decodedContent(ofPart: index, in: message))
    }

    /// What SEARCH BODY looks through (RFC 9051 §6.4.4: the body of the message, decoded): the text of every
    /// text/* leaf in message order, and the header fields of every encapsulated message (decoded, one
    /// `Name: value` line each), which are part of the outer body. The message's own header is not included
    /// (SEARCH TEXT adds it, from ``MessageHeader``).
    public func bodyTexts(in message: some RandomAccessCollection<UInt8>, unknownCharset: Charset = .utf8) -> [String] {
        var texts: [String] = []
        for index in parts.indices {
            if index > 0, parts[index].envelope != nil {
                let header = MessageHeader(parsing: ByteLines.slice(message, parts[index].header.range))
                texts.append(header.fields.map { "\($0.name): \($0.decodedValue)\n" }.joined())
            }
            // An encapsulated message that is a single text part is also its own body's leaf.
            if let text = text(ofPart: index, in: message, unknownCharset: unknownCharset) { texts.append(text) }
        }
        return texts
    }
}
