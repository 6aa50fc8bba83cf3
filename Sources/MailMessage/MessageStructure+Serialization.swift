extension MessageStructure {
    /// "MS" and the format version, first in every serialized structure.
    static let serializationHeader: [UInt8] = [0x4D, 0x53, 1]

    /// The structure as compact bytes for the mailbox index: the message's spans, every entity's spans, MIME
    /// fields, content and envelope, with numbers in LEB128 and strings length-prefixed. Versioned by a leading
    /// `MS` and a version octet; ``init(serialized:)`` reads it back equal.
    public func serialized() -> [UInt8] {
        var writer = StructureWriter()
        writer.raw(Self.serializationHeader)
        writer.span(size)
        writer.number(parts.count)
        for part in parts {
            writer.number(part.header.range.lowerBound)
            writer.span(part.header)
            writer.span(part.body)
            writer.fields(part.fields)
            switch part.content {
            case .single:
                writer.number(0)
            case .multipart(let children):
                writer.number(1)
                writer.number(children.count)
                for child in children { writer.number(child) }
            case .encapsulatedMessage(let message):
                writer.number(2)
                writer.number(message)
            }
            writer.flag(part.envelope != nil)
            if let envelope = part.envelope { writer.envelope(envelope) }
        }
        return writer.bytes
    }

    /// Reads bytes that ``serialized()`` wrote. Anything else (another version, damage, hostile bytes) throws
    /// rather than giving a structure whose spans or tree the parser could not have made, so a FETCH that
    /// slices by a decoded structure stays inside the message.
    public init(serialized bytes: some RandomAccessCollection<UInt8>) throws(StructureDecodingError) {
        var reader = StructureReader(Array(bytes))
        for expected in Self.serializationHeader {
            guard (try? reader.byte()) == expected else { throw reader.error(.unsupportedVersion) }
        }
        let size = try reader.span(from: 0)
        let count = try reader.count(minimumSize: 9)
        guard count >= 1, count <= MIMELimits.maximumParts else { throw reader.error(.inconsistent) }
        var parts: [MessagePart] = []
        parts.reserveCapacity(count)
        for _ in 0..<count {
            parts.append(try reader.part())
        }
        guard reader.isAtEnd else { throw reader.error(.trailingBytes) }
        guard StructureValidation.isConsistent(parts, size: size) else { throw reader.error(.inconsistent) }
        self.init(parts: parts, size: size)
    }

    /// The message's ENVELOPE from bytes that ``serialized()`` wrote, reading no further than the first
    /// entity: what SEARCH FROM, TO, SUBJECT and SENT* need, without the cost of the whole structure.
    public static func envelope(serialized bytes: some RandomAccessCollection<UInt8>) throws(StructureDecodingError) -> Envelope {
        var reader = StructureReader(Array(bytes))
        for expected in Self.serializationHeader {
            guard (try? reader.byte()) == expected else { throw reader.error(.unsupportedVersion) }
        }
        _ = try reader.span(from: 0)
        let count = try reader.count(minimumSize: 9)
        guard count >= 1, count <= MIMELimits.maximumParts else { throw reader.error(.inconsistent) }
        return try reader.part().envelope ?? Envelope()
    }
}

extension StructureReader {
    /// One entity as ``StructureWriter`` wrote it in ``MessageStructure/serialized()``.
    fileprivate mutating func part() throws(StructureDecodingError) -> MessagePart {
        let header = try span(from: try number())
        let body = try span(from: header.range.upperBound)
        let fields = try fields()
        let content: MessagePart.Content
        switch try number() {
        case 0:
            content = .single
        case 1:
            let childCount = try count()
            var children: [Int] = []
            for _ in 0..<childCount { children.append(try number()) }
            content = .multipart(children)
        case 2:
            content = .encapsulatedMessage(try number())
        default:
            throw error(.malformedValue)
        }
        let envelope = try flag() ? try envelope() : nil
        return MessagePart(header: header, body: body, fields: fields, content: content, envelope: envelope)
    }
}

extension StructureWriter {
    fileprivate mutating func fields(_ fields: MIMEFields) {
        text(fields.contentType.type)
        text(fields.contentType.subtype)
        parameters(fields.contentType.parameters)
        octets(fields.contentTransferEncoding.bytes)
        optionalOctets(fields.contentID)
        optionalOctets(fields.contentDescription)
        optionalOctets(fields.contentMD5)
        flag(fields.contentDisposition != nil)
        if let disposition = fields.contentDisposition {
            text(disposition.type)
            parameters(disposition.parameters)
        }
        number(fields.contentLanguage.count)
        for tag in fields.contentLanguage { octets(tag.bytes) }
        optionalOctets(fields.contentLocation)
    }

    fileprivate mutating func envelope(_ envelope: Envelope) {
        optionalOctets(envelope.date)
        optionalOctets(envelope.subject)
        for list in [envelope.from, envelope.sender, envelope.replyTo, envelope.to, envelope.cc, envelope.bcc] {
            addresses(list)
        }
        optionalOctets(envelope.inReplyTo)
        optionalOctets(envelope.messageID)
    }
}

extension StructureReader {
    fileprivate mutating func fields() throws(StructureDecodingError) -> MIMEFields {
        let type = ContentType(type: try text(), subtype: try text(), parameters: try parameters())
        let encoding = ByteString(try octets())
        let id = try optionalOctets()
        let description = try optionalOctets()
        let md5 = try optionalOctets()
        let disposition = try flag() ? ContentDisposition(type: try text(), parameters: try parameters()) : nil
        let languageCount = try count()
        var language: [ByteString] = []
        for _ in 0..<languageCount { language.append(ByteString(try octets())) }
        return MIMEFields(
            contentType: type, contentTransferEncoding: encoding, contentID: id, contentDescription: description,
            contentMD5: md5, contentDisposition: disposition, contentLanguage: language,
            contentLocation: try optionalOctets())
    }

    fileprivate mutating func envelope() throws(StructureDecodingError) -> Envelope {
        let date = try optionalOctets()
        let subject = try optionalOctets()
        var lists: [[Address]] = []
        for _ in 0..<6 { lists.append(try addresses()) }
        return Envelope(
            date: date, subject: subject, from: lists[0], sender: lists[1], replyTo: lists[2], to: lists[3],
            cc: lists[4], bcc: lists[5], inReplyTo: try optionalOctets(), messageID: try optionalOctets())
    }
}
