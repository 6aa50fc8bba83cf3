/// The MIME header fields of one entity, read as BODYSTRUCTURE presents them (RFC 9051 §7.5.2 body-fields and
/// body extension data): Content-Type (RFC 2045 §5), Content-Transfer-Encoding (§6), Content-ID (§7),
/// Content-Description (§8), Content-MD5 (RFC 1864), Content-Disposition (RFC 2183), Content-Language
/// (RFC 3282) and Content-Location (RFC 2557 §4). Values are undecoded; an absent or empty field is nil.
public struct MIMEFields: Hashable, Sendable {
    /// The content type in effect: the field's when it can be read, else the default of RFC 2045 §5.2 and
    /// RFC 2046 §5.1.5 (message/rfc822 in a digest), with `charset=us-ascii` added to a text type that has no
    /// charset (RFC 2046 §4.1.2). The parser replaces a multipart or message type that it could not enter (see
    /// ``MIMELimits``) so that the type always agrees with the entity's ``MessagePart/Content``.
    public var contentType: ContentType
    /// The transfer encoding as written, `7bit` when absent or not a token (RFC 2045 §6.1).
    public var contentTransferEncoding: ByteString
    public var contentID: ByteString?
    public var contentDescription: ByteString?
    public var contentMD5: ByteString?
    public var contentDisposition: ContentDisposition?
    /// The language tags, empty when absent.
    public var contentLanguage: [ByteString]
    /// The URI with the white space of folding removed (RFC 2557 §4.4.1).
    public var contentLocation: ByteString?

    public init(
        contentType: ContentType = .plainText, contentTransferEncoding: ByteString = "7bit",
        contentID: ByteString? = nil, contentDescription: ByteString? = nil, contentMD5: ByteString? = nil,
        contentDisposition: ContentDisposition? = nil, contentLanguage: [ByteString] = [],
        contentLocation: ByteString? = nil
    ) {
        self.contentType = contentType
        self.contentTransferEncoding = contentTransferEncoding
        self.contentID = contentID
        self.contentDescription = contentDescription
        self.contentMD5 = contentMD5
        self.contentDisposition = contentDisposition
        self.contentLanguage = contentLanguage
        self.contentLocation = contentLocation
    }

    /// The transfer encoding to undo when decoding the content.
    public var transferEncoding: TransferEncoding { TransferEncoding(contentTransferEncoding) }

    /// The fields of a header read by ``MessageHeader``; `defaultType` applies without a readable Content-Type.
    public init(header: MessageHeader, defaultType: ContentType = .plainText) {
        self.init(KnownHeaderValues(header), defaultType: defaultType)
    }

    init(_ values: KnownHeaderValues, defaultType: ContentType) {
        var type = values[.contentType].flatMap { ContentType(parsing: $0) } ?? defaultType
        if type.isText, type.charset == nil {
            type.parameters.append(MIMEParameter(name: "charset", value: "us-ascii"))
        }
        var encoding = values[.contentTransferEncoding].map(StructuredFieldLexer.init)
        encoding?.skipWhitespaceAndComments()
        self.init(
            contentType: type,
            contentTransferEncoding: encoding?.token().map(ByteString.init) ?? "7bit",
            contentID: Self.trimmed(values[.contentID]),
            contentDescription: Self.trimmed(values[.contentDescription]),
            contentMD5: Self.trimmed(values[.contentMD5]),
            contentDisposition: values[.contentDisposition].flatMap { ContentDisposition(parsing: $0) },
            contentLanguage: values[.contentLanguage].map(Self.languageTags) ?? [],
            contentLocation: Self.nonEmpty(values[.contentLocation]?.filter { !ASCII.isLinearWhitespace($0) }))
    }

    private static func trimmed(_ value: [UInt8]?) -> ByteString? {
        nonEmpty(value.map { Array(ASCII.trimmed($0[...])) })
    }

    private static func nonEmpty(_ value: [UInt8]?) -> ByteString? {
        guard let value, !value.isEmpty else { return nil }
        return ByteString(value)
    }

    /// `Language-Tag *("," Language-Tag)` with CFWS (RFC 3282 §2); what is not a tag is skipped.
    private static func languageTags(_ value: [UInt8]) -> [ByteString] {
        var lexer = StructuredFieldLexer(value)
        var tags: [ByteString] = []
        while !lexer.isAtEnd, tags.count < MIMELimits.maximumParameters {
            lexer.skipWhitespaceAndComments()
            if let tag = lexer.token() { tags.append(ByteString(tag)) }
            while let byte = lexer.current, byte != ASCII.comma {
                if byte == ASCII.openParenthesis { _ = lexer.comment() } else { lexer.advance() }
            }
            lexer.advance()
        }
        return tags
    }
}
