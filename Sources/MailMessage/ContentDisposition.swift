/// The Content-Disposition field (RFC 2183 §2): `inline`, `attachment` or another token, with parameters such
/// as `filename` (RFC 2231 sections joined, see ``MIMEParameter``). BODYSTRUCTURE's body-fld-dsp.
public struct ContentDisposition: Hashable, Sendable {
    /// The disposition type as written.
    public var type: String
    /// The parameters.
    public var parameters: [MIMEParameter]

    public init(type: String, parameters: [MIMEParameter] = []) {
        self.type = type
        self.parameters = parameters
    }

    /// Reads a Content-Disposition field value; nil when it does not start with a token.
    public init?(parsing value: some Collection<UInt8>) {
        var lexer = StructuredFieldLexer(Array(value))
        lexer.skipWhitespaceAndComments()
        guard let type = lexer.token() else { return nil }
        self.init(type: String(decoding: type, as: UTF8.self), parameters: MIMEParameterParser.parameters(&lexer))
    }
}
