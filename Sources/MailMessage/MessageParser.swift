/// The one-pass MIME parser behind ``MessageStructure/init(parsing:)``.
///
/// Theory of operation. The message is read line by line, once. The open entities form a chain from the
/// message down to the innermost entity; only the innermost can still be in its header section. Each open
/// multipart has its boundary on a stack in chain order. Each line is, in this order:
/// 1. a boundary delimiter line if it starts with `--` and an open boundary (``BoundaryDelimiter``):
///    the entities inside that multipart end before the line end that precedes the delimiter, and a new body
///    part starts on the next line, or, for a close delimiter, the boundary leaves the stack and the rest is
///    epilogue;
/// 2. in a header section, the empty line that ends it (then the Content-Type decides: a multipart pushes its
///    boundary, a message/rfc822 part opens its encapsulated message, whose header starts on the next line),
///    or a header line for ``HeaderFieldScanner``;
/// 3. else content, only counted.
/// At the end of the input every open entity ends there: a missing close delimiter loses nothing.
///
/// Work per line is a `memchr` plus, for lines starting with `--`, one `memcmp` per open boundary (at most
/// ``MIMELimits/maximumDepth``): linear in the input. Memory is one record per entity, bounded by
/// ``MIMELimits/maximumParts``.
struct MessageParser {
    private struct Entity {
        var parent: Int?
        var depth: Int
        var isMessage: Bool
        var headerStart: ByteMark
        var bodyStart: ByteMark?
        var end: ByteMark?
        var fields = MIMEFields()
        var envelope: Envelope?
        /// `.multipart([])` while open: the body parts collect in `parts`, appended in place.
        var content = MessagePart.Content.single
        var parts: [Int] = []
    }

    private struct Boundary {
        var value: [UInt8]
        var owner: Int
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    /// Spans are given as in the bytes' CRLF form (each bare LF counted as CRLF), not as stored.
    private let offsetsInCRLFForm: Bool
    private var entities: [Entity] = []
    private var open: [Int] = []
    private var boundaries: [Boundary] = []
    /// The header section of the innermost open entity while it is being read.
    private var scanner = HeaderFieldScanner(sectionStart: 0)
    private var values = KnownHeaderValues()

    private init(_ bytes: UnsafeBufferPointer<UInt8>, offsetsInCRLFForm: Bool) {
        self.bytes = bytes
        self.offsetsInCRLFForm = offsetsInCRLFForm
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, offsetsInCRLFForm: Bool) -> MessageStructure {
        var parser = MessageParser(bytes, offsetsInCRLFForm: offsetsInCRLFForm)
        return parser.run()
    }

    private mutating func run() -> MessageStructure {
        let start = ByteMark(offset: 0, lines: 0, bareLineFeeds: 0)
        openEntity(parent: nil, isMessage: true, at: start)
        var here = start
        var previousLineEnd = 0
        while here.offset < bytes.count {
            let (content, next) = ByteLines.line(in: bytes, from: here.offset)
            let lineEnd = next - content.upperBound
            let after = ByteMark(
                offset: next, lines: here.lines + (lineEnd > 0 ? 1 : 0),
                bareLineFeeds: here.bareLineFeeds + (lineEnd == 1 ? 1 : 0))
            // The line end before this line, which a delimiter on this line claims (RFC 2046 §5.1.1).
            let beforeLineEnd = ByteMark(
                offset: here.offset - previousLineEnd, lines: here.lines - (previousLineEnd > 0 ? 1 : 0),
                bareLineFeeds: here.bareLineFeeds - (previousLineEnd == 1 ? 1 : 0))
            take(content, next: after, delimiterStart: beforeLineEnd)
            previousLineEnd = lineEnd
            here = after
        }
        close(downTo: 0, at: here)
        return structure(end: here)
    }

    private mutating func take(_ content: Range<Int>, next: ByteMark, delimiterStart: ByteMark) {
        if let (index, isClose) = BoundaryDelimiter.match(content, in: bytes, boundaries: boundaries.lazy.map(\.value)),
            isClose || entities.count < MIMELimits.maximumParts
        {
            let owner = boundaries[index].owner
            // A boundary leaves the stack when its owner closes, so its owner is open; were it not, the line
            // is content rather than a trap in the server.
            guard let level = open.lastIndex(of: owner) else { return }
            close(downTo: level + 1, at: delimiterStart)
            if isClose {
                boundaries.removeLast()
            } else {
                entities[owner].parts.append(openEntity(parent: owner, isMessage: false, at: next))
            }
            return
        }
        guard let innermost = open.last, entities[innermost].bodyStart == nil else { return }
        if content.isEmpty {
            endHeader(of: innermost, at: next)
        } else if let field = scanner.take(content, next: next.offset, in: bytes) {
            values.record(field, in: bytes, envelope: entities[innermost].isMessage)
        }
    }

    @discardableResult
    private mutating func openEntity(parent: Int?, isMessage: Bool, at start: ByteMark) -> Int {
        entities.append(
            Entity(
                parent: parent, depth: parent.map { entities[$0].depth + 1 } ?? 0, isMessage: isMessage,
                headerStart: start))
        open.append(entities.count - 1)
        scanner = HeaderFieldScanner(sectionStart: start.offset)
        values = KnownHeaderValues()
        return entities.count - 1
    }

    /// Ends the header section of the innermost entity at `bodyStart` and enters its body: a multipart pushes
    /// its boundary, an encapsulated message opens (see ``MIMELimits`` for what is not entered).
    private mutating func endHeader(of index: Int, at bodyStart: ByteMark) {
        if let field = scanner.finish() { values.record(field, in: bytes, envelope: entities[index].isMessage) }
        let inDigest = entities[index].parent.map { entities[$0].fields.contentType.is("multipart", "digest") } ?? false
        var fields = MIMEFields(values, defaultType: inDigest ? .rfc822Message : .plainText)
        if entities[index].isMessage { entities[index].envelope = Envelope(values) }
        entities[index].bodyStart = bodyStart
        let canDescend = entities[index].depth < MIMELimits.maximumDepth
        if fields.contentType.isMultipart {
            let boundary = fields.contentType.boundary
            if !canDescend {
                fields.contentType = .octetStream
            } else if boundary.isEmpty || boundary.count > MIMELimits.maximumBoundaryLength {
                fields.contentType = .plainText
            } else {
                boundaries.append(Boundary(value: boundary, owner: index))
                entities[index].content = .multipart([])
            }
        } else if fields.contentType.isEncapsulatedMessage {
            if canDescend, fields.transferEncoding.isIdentity, entities.count < MIMELimits.maximumParts {
                entities[index].fields = fields
                entities[index].content = .encapsulatedMessage(entities.count)
                openEntity(parent: index, isMessage: true, at: bodyStart)
                return
            }
            fields.contentType = .octetStream
        }
        entities[index].fields = fields
    }

    /// Ends every open entity above the first `level` of the chain at `mark` (or where it started, if later),
    /// innermost first; one still in its header section ends it there first.
    private mutating func close(downTo level: Int, at mark: ByteMark) {
        var mark = mark
        while open.count > level, let index = open.last {
            guard let bodyStart = entities[index].bodyStart else {
                endHeader(of: index, at: max(mark, entities[index].headerStart))
                continue
            }
            let end = max(mark, bodyStart)
            entities[index].end = end
            if case .multipart = entities[index].content, entities[index].parts.isEmpty {
                // No body part was found: the content is read as text (RFC 2045 §5.2's default).
                entities[index].content = .single
                entities[index].fields.contentType = .plainText
            }
            while boundaries.last?.owner == index { boundaries.removeLast() }
            open.removeLast()
            mark = end
        }
    }

    private func structure(end: ByteMark) -> MessageStructure {
        let parts = entities.map { entity in
            let bodyStart = entity.bodyStart ?? entity.headerStart
            return MessagePart(
                header: span(entity.headerStart, bodyStart), body: span(bodyStart, entity.end ?? bodyStart),
                fields: entity.fields, content: entity.parts.isEmpty ? entity.content : .multipart(entity.parts),
                envelope: entity.envelope)
        }
        return MessageStructure(parts: parts, size: span(ByteMark(offset: 0, lines: 0, bareLineFeeds: 0), end))
    }

    private func span(_ start: ByteMark, _ end: ByteMark) -> ByteSpan {
        offsetsInCRLFForm ? start.inCRLFForm.span(to: end.inCRLFForm) : start.span(to: end)
    }
}
