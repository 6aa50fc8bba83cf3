extension EightBitDowngrade {
    /// Ends the innermost entity's header section at its empty line (the last `emptyLine` octets of
    /// ``headerBytes``) and enters its body as ``kind(of:)`` says: a multipart pushes its boundary and reads its
    /// preamble, an encapsulated message opens, a leaf waits for its body to decide, the rest passes through.
    mutating func endHeader(emptyLine: Int) {
        let section = HeaderSection(
            fields: Array(headerBytes.dropLast(emptyLine)), emptyLine: Array(headerBytes.suffix(emptyLine)))
        headerBytes = []
        let index = frames.count - 1
        let (kind, encoding) = kind(of: section)
        let needsVersion = frames[index].isMessage && !section.header.fields.contains { $0.isNamed("mime-version") }
        // RFC 2045 §6.4: a composite entity may only be 7bit, 8bit or binary; once converted, it is 7bit.
        let compositeEdit = HeaderEdit(
            transferEncoding: encoding == .eightBit || encoding == .binary ? "7bit" : nil, addsMIMEVersion: needsVersion)
        switch kind {
        case .multipart(let boundary, let isDigest):
            hold(section, compositeEdit)
            frames[index].isDigest = isDigest
            boundaries.append(Boundary(value: boundary, owner: index))
            state = .body(.undecided(start: held.count))
        case .encapsulatedMessage:
            hold(section, compositeEdit)
            entityCount += 1
            frames.append(Frame(depth: frames[index].depth + 1, isMessage: true))
            state = .header
        case .leaf:
            hold(section, HeaderEdit(transferEncoding: "quoted-printable", addsMIMEVersion: needsVersion))
            state = .body(.undecided(start: held.count))
        case .opaque:
            emit(section.fields + section.emptyLine)
            state = .body(.verbatim)
        }
    }

    /// What the innermost entity is, by its header section, as the parser reads it (``MessageParser``).
    enum Kind {
        /// A multipart that can be split.
        case multipart(boundary: [UInt8], isDigest: Bool)
        /// A message/rfc822 or message/global part that is entered.
        case encapsulatedMessage
        /// A leaf with an identity encoding, or a multipart that cannot be split, which the parser reads as
        /// text/plain: what may need converting.
        case leaf
        /// Passed through: a leaf encoded otherwise, or an entity the parser does not enter (``MIMELimits``).
        case opaque
    }

    func kind(of section: HeaderSection) -> (Kind, TransferEncoding) {
        let index = frames.count - 1
        let inDigest = index > 0 && frames[index - 1].isDigest
        let mime = MIMEFields(header: section.header, defaultType: inDigest ? .rfc822Message : .plainText)
        let type = mime.contentType
        let encoding = mime.transferEncoding
        let canDescend = frames[index].depth < MIMELimits.maximumDepth
        let boundary = type.isMultipart ? type.boundary : []
        if type.isMultipart, !canDescend { return (.opaque, encoding) }
        if type.isMultipart, !boundary.isEmpty, boundary.count <= MIMELimits.maximumBoundaryLength {
            return (.multipart(boundary: boundary, isDigest: type.is("multipart", "digest")), encoding)
        }
        if type.isEncapsulatedMessage {
            let entered = canDescend && encoding.isIdentity && entityCount < MIMELimits.maximumParts
            return (entered ? .encapsulatedMessage : .opaque, encoding)
        }
        return (encoding.isIdentity ? .leaf : .opaque, encoding)
    }

    /// A header section read into its fields.
    struct HeaderSection {
        var fields: [UInt8]
        var emptyLine: [UInt8]
        var header: MessageHeader

        init(fields: [UInt8], emptyLine: [UInt8]) {
            self.fields = fields
            self.emptyLine = emptyLine
            header = MessageHeader(parsing: fields)
        }
    }

    /// Holds the innermost entity's header section back until its body decides on `edit`.
    private mutating func hold(_ section: HeaderSection, _ edit: HeaderEdit) {
        guard !edit.isEmpty else {
            emit(section.fields + section.emptyLine)
            return
        }
        heldHeaders.append(
            HeldHeader(
                offset: held.count, fields: section.fields, emptyLine: section.emptyLine, header: section.header,
                edit: edit))
        frames[frames.count - 1].heldHeader = heldHeaders.count - 1
        undecidedHeaders += 1
        heldHeaderBytes += section.fields.count + section.emptyLine.count
    }

    /// Ends the open entities above the first `level`, innermost first: a header section cut short is written,
    /// a body region ends, and a header still waiting is kept as written (nothing 8-bit came below it).
    mutating func close(downTo level: Int) {
        while frames.count > level, let frame = frames.last {
            if case .header = state {
                // The parser reads a header section cut short too, and opens (then ends) the message of a
                // message/rfc822 part: counted alike, for MIMELimits.maximumParts.
                if case (.encapsulatedMessage, _) = kind(of: HeaderSection(fields: headerBytes, emptyLine: [])) {
                    entityCount += 1
                }
                emit(headerBytes)
                headerBytes = []
            }
            endRegion()
            frames.removeLast()
            if let index = frame.heldHeader { resolve(index, converting: false) }
            while let last = boundaries.last, last.owner >= frames.count { boundaries.removeLast() }
            flushIfDecided()
        }
    }

    /// Ends the innermost entity's body region: an undecided one stays as written, an encoding one writes what
    /// its encoder held back.
    mutating func endRegion() {
        switch state {
        case .body(.encoding(var encoder)):
            var rest: [UInt8] = []
            encoder.finish(into: &rest)
            emit(rest)
        case .body(.undecided), .body(.verbatim), .header, .parts:
            break
        }
        state = .parts
        flushIfDecided()
    }

    /// Writes `bytes` after everything before them: held back while anything is.
    mutating func emit(_ bytes: [UInt8]) {
        if isHolding { held += bytes } else { output += bytes }
    }

    /// True while output is held back: what comes next must wait behind it.
    var isHolding: Bool { !held.isEmpty || !heldHeaders.isEmpty }

    /// An 8-bit octet in the innermost body region (or too much held back): every waiting header in the chain
    /// takes its edit, and the region is encoded from its start on.
    mutating func convertAll() {
        for index in frames.indices {
            guard let heldHeader = frames[index].heldHeader else { continue }
            resolve(heldHeader, converting: true)
            frames[index].heldHeader = nil
        }
        if case .body(.undecided(let start)) = state {
            var encoder = QuotedPrintableEncoder()
            var encoded: [UInt8] = []
            encoder.encode(held[start...], into: &encoded)
            held.replaceSubrange(start..., with: encoded)
            state = .body(.encoding(encoder))
        }
        flushIfDecided()
    }

    private mutating func resolve(_ index: Int, converting: Bool) {
        let item = heldHeaders[index]
        heldHeaders[index].resolved =
            (converting ? item.edit.applied(to: item.fields, header: item.header) : item.fields) + item.emptyLine
        undecidedHeaders -= 1
    }

    /// Releases the held output once nothing in it waits for a decision.
    mutating func flushIfDecided() {
        guard isHolding, undecidedHeaders == 0 else { return }
        if case .body(.undecided) = state { return }
        var copied = 0
        for item in heldHeaders {
            output += held[copied..<item.offset]
            output += item.resolved ?? item.fields + item.emptyLine
            copied = item.offset
        }
        output += held[copied...]
        held = []
        heldHeaders = []
        heldHeaderBytes = 0
    }
}
