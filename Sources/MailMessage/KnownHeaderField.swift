/// The header fields the parser reads for MIME structure (RFC 2045 §3, RFC 2183, RFC 3282, RFC 2557 §4,
/// RFC 1864) and for ENVELOPE (RFC 9051 §7.5.2 / RFC 5322 §3.6); every other field is only stepped over.
enum KnownHeaderField: Int, CaseIterable {
    case contentType, contentTransferEncoding, contentID, contentDescription, contentDisposition
    case contentLanguage, contentLocation, contentMD5
    case date, subject, from, sender, replyTo, to, cc, bcc, inReplyTo, messageID

    private static let lowercaseNames: [[UInt8]] = allCases.map { field in
        let name =
            switch field {
            case .contentType: "content-type"
            case .contentTransferEncoding: "content-transfer-encoding"
            case .contentID: "content-id"
            case .contentDescription: "content-description"
            case .contentDisposition: "content-disposition"
            case .contentLanguage: "content-language"
            case .contentLocation: "content-location"
            case .contentMD5: "content-md5"
            case .date: "date"
            case .subject: "subject"
            case .from: "from"
            case .sender: "sender"
            case .replyTo: "reply-to"
            case .to: "to"
            case .cc: "cc"
            case .bcc: "bcc"
            case .inReplyTo: "in-reply-to"
            case .messageID: "message-id"
            }
        return Array(name.utf8)
    }

    /// The field called `name` (without case), if it is one of these.
    @inline(__always)
    init?(name: some Collection<UInt8>) {
        let count = name.count
        for index in Self.lowercaseNames.indices where Self.lowercaseNames[index].count == count {
            if ASCII.equalsIgnoringCase(name, Self.lowercaseNames[index]) {
                self.init(rawValue: index)
                return
            }
        }
        return nil
    }
}

/// The unfolded value of the first occurrence of each ``KnownHeaderField`` in one header section. RFC 5322
/// §3.6 allows each at most once; of duplicates, the first counts.
struct KnownHeaderValues {
    private var values = [[UInt8]?](repeating: nil, count: KnownHeaderField.allCases.count)

    subscript(field: KnownHeaderField) -> [UInt8]? { values[field.rawValue] }

    /// Records the field at `raw` when it is a known one not seen before.
    mutating func record(_ raw: RawHeaderField, in bytes: UnsafeBufferPointer<UInt8>, envelope: Bool) {
        guard let field = KnownHeaderField(name: bytes[raw.name]), values[field.rawValue] == nil,
            envelope || field.rawValue <= KnownHeaderField.contentMD5.rawValue
        else { return }
        values[field.rawValue] = HeaderFieldScanner.unfold(raw.value, in: bytes)
    }

    /// The values of a header read by ``MessageHeader``.
    init(_ header: MessageHeader) {
        for field in header.fields {
            guard let known = KnownHeaderField(name: field.name.utf8), values[known.rawValue] == nil else { continue }
            values[known.rawValue] = field.value.bytes
        }
    }

    init() {}
}
