import IMAPProtocol
import MailIndex
import MailMessage

/// Why a FETCH item cannot be built (RFC 9051 §6.4.5, RFC 3516 §4.3). The driver answers the FETCH `NO`
/// with ``responseCode`` and ``text``.
public struct FetchError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure; compare with the static members.
    public struct Code: Hashable, Sendable {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// BINARY of a part whose Content-Transfer-Encoding the server cannot undo: `[UNKNOWN-CTE]`.
        public static let unknownTransferEncoding = Code("unknownTransferEncoding")
        /// The driver passed no structure or content although the plan needs them (a bug): `[SERVERBUG]`.
        public static let missingData = Code("missingData")
    }

    public let code: Code
    public let text: String

    init(_ code: Code, _ text: String) {
        self.code = code
        self.text = text
    }

    /// The response code of the `NO`.
    public var responseCode: ResponseCode { code == .unknownTransferEncoding ? .unknownCTE : .serverBug }

    public var description: String { text }
}

/// What one FETCH asks of each message, and the items for a message once it is loaded (RFC 9051 §6.4.5,
/// §7.5.2; RFC 3501 §6.4.5 for RFC822, RFC822.HEADER, RFC822.TEXT; BINARY RFC 3516 §4.2).
///
/// The driver reads the index row always, the structure when ``needsStructure``, the content when
/// ``needsContent``; sets `\Seen` first when ``setsSeen(readOnly:)`` (§6.4.5: "The \Seen flag is implicitly
/// set"), and writes FLAGS after that change; then calls ``items(for:flags:structure:content:)``.
///
/// Content is the message as `FolderStore.content(of:in:)` gives it and `structure` the one parsed from those
/// bytes; should they have bare LF line ends, every section is sent with CRLF, as RFC822.SIZE counts it
/// (§2.3.4). Sections that do not exist (a part number past the last part, HEADER of a part that is not a
/// message) are NIL, as Dovecot answers; a partial whose origin is beyond the data is the empty string
/// (§6.4.5). INTERNALDATE is written in ``zone``.
public struct FetchPlan: Sendable {
    /// The items, in the order asked, `UID` first for UID FETCH when not asked (§6.4.9), each once.
    public let attributes: [FetchAttribute]
    public let zone: InternalDateZone

    public init(_ attributes: [FetchAttribute], byUID: Bool, zone: InternalDateZone = .utc) {
        var unique: [FetchAttribute] = byUID && !attributes.contains(.uid) ? [.uid] : []
        for attribute in attributes where !unique.contains(attribute) { unique.append(attribute) }
        self.attributes = unique
        self.zone = zone
    }

    /// ENVELOPE, BODY, BODYSTRUCTURE, or a section other than the whole message.
    public var needsStructure: Bool {
        attributes.contains { attribute in
            switch attribute {
            case .envelope, .body, .bodyStructure, .rfc822Header, .rfc822Text, .binary, .binarySize: true
            case .bodySection(let section, _, _): section != .complete
            case .flags, .internalDate, .rfc822Size, .uid, .rfc822: false
            }
        }
    }

    /// True when what the plan needs of the structure is only ENVELOPE, BODY or BODYSTRUCTURE, which an
    /// ``EncodedStructure`` holds ready to send.
    public var structureIsEncodable: Bool {
        needsStructure && attributes.allSatisfy { attribute in
            switch attribute {
            case .rfc822Header, .rfc822Text, .binary, .binarySize: false
            case .bodySection(let section, _, _): section == .complete
            default: true
            }
        }
    }

    /// True when the plan asks for the UID alone, which a session knows of a message another session
    /// expunged without needing its index row (RFC 2180 §4.1.3).
    public var needsOnlyUID: Bool {
        attributes.allSatisfy { $0 == .uid }
    }

    /// Any body section, BINARY or RFC822 item.
    public var needsContent: Bool {
        attributes.contains { attribute in
            switch attribute {
            case .bodySection, .binary, .binarySize, .rfc822, .rfc822Header, .rfc822Text: true
            case .envelope, .body, .bodyStructure, .flags, .internalDate, .rfc822Size, .uid: false
            }
        }
    }

    /// True when fetching sets `\Seen` (§6.4.5): BODY[...] and BINARY[...] without .PEEK, RFC822 and
    /// RFC822.TEXT, unless the mailbox is read-only (EXAMINE, §6.3.3).
    public func setsSeen(readOnly: Bool) -> Bool {
        guard !readOnly else { return false }
        return attributes.contains { attribute in
            switch attribute {
            case .bodySection(_, _, let peek), .binary(_, _, let peek): !peek
            case .rfc822, .rfc822Text: true
            default: false
            }
        }
    }

    /// Every item for `message`, `flags` being its flags after any `\Seen` this FETCH set. With
    /// `encoded` (only when ``structureIsEncodable``), ENVELOPE, BODY and BODYSTRUCTURE are its bytes.
    public func items(for message: IndexedMessage, flags: MessageFlags, structure: MessageStructure?,
                      encoded: EncodedStructure? = nil, content: [UInt8]?) -> Result<[FetchItem], FetchError> {
        let encoded = structureIsEncodable ? encoded : nil
        let parsed = structure ?? (needsStructure && encoded == nil ? content.map { MessageStructure(parsing: $0) } : nil)
        if needsStructure, parsed == nil, encoded == nil {
            return .failure(FetchError(.missingData, "Message structure unavailable"))
        }
        if needsContent, content == nil { return .failure(FetchError(.missingData, "Message content unavailable")) }
        let sections = SectionReader(structure: parsed, content: content ?? [])
        var items: [FetchItem] = []
        items.reserveCapacity(attributes.count)
        for attribute in attributes {
            switch attribute {
            case .uid: items.append(.uid(message.uid))
            case .flags: items.append(.flags(flags.imapFlags))
            case .internalDate: items.append(.internalDate(zone.dateTime(message.internalDate)))
            case .rfc822Size: items.append(.rfc822Size(Int(clamping: message.size)))
            case .envelope:
                items.append(encoded.map { .encodedEnvelope($0.envelope) } ?? .envelope(parsed?.envelope ?? Envelope()))
            case .body, .bodyStructure:
                let extensible = attribute == .bodyStructure
                if let encoded {
                    items.append(.encodedBodyStructure(extensible ? encoded.bodyStructure : encoded.body, extensible: extensible))
                    continue
                }
                guard let parsed else { continue }
                items.append(.bodyStructure(parsed.bodyStructure, extensible: attribute == .bodyStructure))
            case .bodySection(let section, let partial, _):
                let data = sections.bytes(of: section).map { Self.buffer($0, partial) }
                items.append(.bodySection(section, origin: partial?.offset, data: data))
            case .binary(let part, let partial, _):
                switch sections.decoded(part: part) {
                case .failure(let error): return .failure(error)
                case .success(let bytes):
                    let data = bytes.map { Self.buffer($0, partial) }
                    items.append(.binary(part: part, origin: partial?.offset, data: data))
                }
            case .binarySize(let part):
                switch sections.decoded(part: part) {
                case .failure(let error): return .failure(error)
                case .success(let bytes): items.append(.binarySize(part: part, size: bytes?.count ?? 0))
                }
            case .rfc822: items.append(.rfc822(sections.bytes(of: .complete).map { Self.buffer($0, nil) }))
            case .rfc822Header:
                items.append(.rfc822Header(sections.bytes(of: Self.header).map { Self.buffer($0, nil) }))
            case .rfc822Text:
                items.append(.rfc822Text(sections.bytes(of: Self.text).map { Self.buffer($0, nil) }))
            }
        }
        return .success(items)
    }

    /// `[HEADER]` and `[TEXT]`, which RFC822.HEADER and RFC822.TEXT stand for.
    private static let header = SectionSpecifier(kind: .header)!
    private static let text = SectionSpecifier(kind: .text)!
}
