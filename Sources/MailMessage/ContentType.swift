/// The Content-Type field (RFC 2045 §5): media type, subtype and parameters. Type and subtype keep the case
/// the message wrote them in (BODYSTRUCTURE shows them so); the predicates compare without case.
public struct ContentType: Hashable, Sendable {
    /// The top-level media type (`text`, `multipart`).
    public var type: String
    /// The subtype (`plain`, `mixed`).
    public var subtype: String
    /// The parameters, RFC 2231 sections joined (see ``MIMEParameter``).
    public var parameters: [MIMEParameter]

    public init(type: String, subtype: String, parameters: [MIMEParameter] = []) {
        self.type = type
        self.subtype = subtype
        self.parameters = parameters
    }

    /// `text/plain; charset=us-ascii`: the type of an entity without Content-Type, or with one that cannot be
    /// read (RFC 2045 §5.2), and of a multipart entity that cannot be split.
    public static let plainText = ContentType(
        type: "text", subtype: "plain", parameters: [MIMEParameter(name: "charset", value: "us-ascii")])

    /// `message/rfc822`: the type of a body part without Content-Type in a multipart/digest (RFC 2046 §5.1.5).
    public static let rfc822Message = ContentType(type: "message", subtype: "rfc822")

    /// `application/octet-stream`: the type given to a multipart or message entity that the parser does not
    /// enter (too deep, or a message/rfc822 under a transfer encoding that hides its structure); its bytes stay
    /// whole and opaque.
    public static let octetStream = ContentType(type: "application", subtype: "octet-stream")

    /// Reads a Content-Type field value (`type "/" subtype *(";" parameter)`, comments allowed); nil when the
    /// type or subtype is missing.
    public init?(parsing value: some Collection<UInt8>) {
        var lexer = StructuredFieldLexer(Array(value))
        lexer.skipWhitespaceAndComments()
        guard let type = lexer.token() else { return nil }
        lexer.skipWhitespaceAndComments()
        guard lexer.current == ASCII.slash else { return nil }
        lexer.advance()
        lexer.skipWhitespaceAndComments()
        guard let subtype = lexer.token() else { return nil }
        self.init(
            type: String(decoding: type, as: UTF8.self), subtype: String(decoding: subtype, as: UTF8.self),
            parameters: MIMEParameterParser.parameters(&lexer))
    }

    /// True for the multipart top-level type (RFC 2046 §5.1).
    public var isMultipart: Bool { Self.equal(type, "multipart") }
    /// True for the text top-level type (RFC 2046 §4.1), whose BODYSTRUCTURE carries a line count.
    public var isText: Bool { Self.equal(type, "text") }
    /// True for message/rfc822 (RFC 2046 §5.2.1) and message/global (RFC 6532 §3.5): an encapsulated message
    /// with its own ENVELOPE and parts.
    public var isEncapsulatedMessage: Bool {
        Self.equal(type, "message") && (Self.equal(subtype, "rfc822") || Self.equal(subtype, "global"))
    }

    /// True when the type is `type/subtype`, compared without case.
    public func `is`(_ type: String, _ subtype: String) -> Bool {
        Self.equal(self.type, type) && Self.equal(self.subtype, subtype)
    }

    /// The charset parameter (RFC 2046 §4.1.2), undecoded.
    public var charset: ByteString? { parameters.value(named: "charset") }

    /// The boundary parameter of a multipart (RFC 2046 §5.1.1), or its RFC 2231 extended form decoded; empty
    /// when there is neither.
    var boundary: [UInt8] {
        parameters.value(named: "boundary")?.bytes
            ?? parameters.value(named: "boundary*").map { Array(RFC2231.decodeExtendedValue($0.bytes).utf8) } ?? []
    }

    private static func equal(_ value: String, _ lowercaseName: String) -> Bool {
        ASCII.equalsIgnoringCase(value.utf8, lowercaseName.utf8)
    }
}
