extension EightBitDowngrade {
    /// Ends the innermost entity's header section at its empty line (the last `emptyLine` octets of
    /// ``headerBytes``) and decides, as the parser does, what the entity is: a multipart (its boundary pushed, the
    /// preamble next), an encapsulated message (opened, its header next), a leaf that may need converting, or
    /// something passed through.
    mutating func endHeader(emptyLine: Int) {
        let fields = Array(headerBytes.dropLast(emptyLine))
        let section = HeaderSection(fields: fields, emptyLine: Array(headerBytes.suffix(emptyLine)))
        headerBytes = []
        let index = frames.count - 1
        let frame = frames[index]
        let inDigest = index > 0 && frames[index - 1].isDigest
        let mime = MIMEFields(header: section.header, defaultType: inDigest ? .rfc822Message : .plainText)
        let type = mime.contentType
        let encoding = mime.transferEncoding
        let canDescend = frame.depth < MIMELimits.maximumDepth
        let needsVersion = frame.isMessage && !section.header.fields.contains { $0.isNamed("mime-version") }
        // RFC 2045 §6.4: a composite entity may only be 7bit, 8bit or binary; once converted, it is 7bit.
        let compositeEdit = HeaderEdit(
            transferEncoding: encoding == .eightBit || encoding == .binary ? "7bit" : nil, addsMIMEVersion: needsVersion)
        let boundary = type.isMultipart ? type.boundary : []
        if type.isMultipart, !canDescend {
            pass(section)
        } else if type.isMultipart, !boundary.isEmpty, boundary.count <= MIMELimits.maximumBoundaryLength {
            hold(section, compositeEdit)
            frames[index].isDigest = type.is("multipart", "digest")
            boundaries.append(Boundary(value: boundary, owner: index))
            state = .body(.undecided(start: held.count))
        } else if type.isEncapsulatedMessage {
            guard canDescend, encoding.isIdentity, entityCount < MIMELimits.maximumParts else {
                pass(section)
                return
            }
            hold(section, compositeEdit)
            entityCount += 1
            frames.append(Frame(depth: frame.depth + 1, isMessage: true))
            state = .header
        } else if encoding.isIdentity {
            // A leaf, or a multipart that cannot be split, which the parser reads as text/plain.
            hold(section, HeaderEdit(transferEncoding: "quoted-printable", addsMIMEVersion: needsVersion))
            state = .body(.undecided(start: held.count))
        } else {
            pass(section)
        }
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

    /// Writes a header section that no decision can change, and passes the entity's body through.
    private mutating func pass(_ section: HeaderSection) {
        emit(section.fields + section.emptyLine)
        state = .body(.verbatim)
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
            state = .parts
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
            guard let held = frames[index].heldHeader else { continue }
            resolve(held, converting: true)
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
        guard undecidedHeaders == 0 else { return }
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
