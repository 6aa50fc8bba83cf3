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
        guard isTextLeaf(index) else { return nil }
        return charset(ofPart: index, unknownCharset: unknownCharset).decode(decodedContent(ofPart: index, in: message))
    }

    /// What SEARCH TEXT looks through besides the message's own header (RFC 9051 §6.4.4: the header, including
    /// MIME header fields, or the body), in message order: the header section of every other part (a body part's
    /// MIME header, such as an attachment's `filename`, and an encapsulated message's header, both in the outer
    /// body) and the text of every text/* leaf. The message's own header is not included (SEARCH TEXT adds it,
    /// from ``MessageHeader``).
    public var searchTextSources: [BodyTextSource] {
        var sources: [BodyTextSource] = []
        for index in parts.indices {
            if index > 0, !parts[index].header.range.isEmpty { sources.append(.header(index)) }
            // An encapsulated message that is a single text part is also its own body's leaf.
            if isTextLeaf(index) { sources.append(.text(index)) }
        }
        return sources
    }

    /// What SEARCH BODY looks through (RFC 9051 §6.4.4: the body of the message, decoded; unlike TEXT, no header
    /// field matches): the text of every text/* leaf, in message order. A forwarded message's header fields are
    /// header fields too, so its Subject, addresses and Received lines are left to TEXT, as Dovecot does; its
    /// body's text parts are searched.
    public var bodyTextSources: [BodyTextSource] {
        searchTextSources.filter { if case .text = $0 { true } else { false } }
    }

    /// The texts of `sources` (``searchTextSources`` or ``bodyTextSources``), decoded: an encapsulated header as
    /// one `Name: value` line per field, a text leaf as ``text(ofPart:in:unknownCharset:)`` gives it.
    public func texts(
        of sources: [BodyTextSource], in message: some RandomAccessCollection<UInt8>, unknownCharset: Charset = .utf8
    ) -> [String] {
        sources.map { source in
            switch source {
            case .header(let index):
                MessageHeader(parsing: ByteLines.slice(message, parts[index].header.range)).fields
                    .map { "\($0.name): \($0.decodedValue)\n" }.joined()
            case .text(let index): text(ofPart: index, in: message, unknownCharset: unknownCharset) ?? ""
            }
        }
    }

    /// The texts of ``bodyTextSources``, decoded.
    public func bodyTexts(in message: some RandomAccessCollection<UInt8>, unknownCharset: Charset = .utf8) -> [String] {
        texts(of: bodyTextSources, in: message, unknownCharset: unknownCharset)
    }

    /// One text of ``searchTextSources`` folded for matching: the same text as ``texts(of:in:unknownCharset:)``
    /// gives, folded by ``SearchFolding``, without building a `String` of it on the way.
    public func foldedText(
        _ source: BodyTextSource, in message: some RandomAccessCollection<UInt8>, unknownCharset: Charset = .utf8
    ) -> FoldedText {
        var folded = FoldedText()
        switch source {
        case .header(let index):
            let header = MessageHeader(parsing: ByteLines.slice(message, parts[index].header.range))
            folded.appendFields(header.fields)
        case .text(let index):
            let charset = charset(ofPart: index, unknownCharset: unknownCharset)
            let encoding = parts[index].fields.transferEncoding
            ByteLines.withContiguous(message) { buffer in
                let range = parts[index].body.range.clamped(to: 0..<buffer.count)
                let content = UnsafeBufferPointer(rebasing: buffer[range])
                if case .quotedPrintable = encoding {
                    charset.fold(TransferDecoding.quotedPrintable(content), into: &folded)
                } else if case .base64 = encoding {
                    charset.fold(TransferDecoding.base64(content), into: &folded)
                } else {
                    charset.fold(content, into: &folded)
                }
            }
        }
        return folded
    }

    private func isTextLeaf(_ index: Int) -> Bool {
        guard case .single = parts[index].content else { return false }
        return parts[index].fields.contentType.isText
    }

    private func charset(ofPart index: Int, unknownCharset: Charset) -> Charset {
        parts[index].fields.contentType.charset.flatMap { Charset(label: $0.bytes) } ?? unknownCharset
    }
}
