/// Reads the parameter list of a Content-Type or Content-Disposition field (RFC 2045 §5.1):
/// `*(";" attribute "=" value)` with value a token or a quoted-string, comments allowed between.
///
/// Real mail bends the grammar, so values are read leniently: an unquoted value runs to the next white space,
/// `;` or `"`, so `boundary=----=_NextPart_000` (`=` is a tspecial) and 8-bit file names survive; a missing `;`
/// between parameters is forgiven; a parameter without `=` is skipped. At most
/// ``MIMELimits/maximumParameters`` are read, then RFC 2231 sections are joined (``RFC2231/merge(_:)``).
enum MIMEParameterParser {
    static func parameters(_ lexer: inout StructuredFieldLexer) -> [MIMEParameter] {
        var parameters: [MIMEParameter] = []
        while parameters.count < MIMELimits.maximumParameters {
            lexer.skipWhitespaceAndComments()
            guard let byte = lexer.current else { break }
            if byte == ASCII.semicolon {
                lexer.advance()
                continue
            }
            guard let name = lexer.token() else {
                skipToSemicolon(&lexer)
                continue
            }
            lexer.skipWhitespaceAndComments()
            guard lexer.current == ASCII.equals else {
                skipToSemicolon(&lexer)
                continue
            }
            lexer.advance()
            lexer.skipWhitespaceAndComments()
            let value: [UInt8]
            if lexer.current == ASCII.quote {
                value = lexer.quotedString()
            } else {
                value = Array(lexer.read { !ASCII.isLinearWhitespace($0) && $0 != ASCII.semicolon && $0 != ASCII.quote })
            }
            parameters.append(MIMEParameter(name: String(decoding: name, as: UTF8.self), value: ByteString(value)))
        }
        return RFC2231.merge(parameters)
    }

    /// Steps over a malformed parameter; the caller is never at a `;`, so this always advances.
    private static func skipToSemicolon(_ lexer: inout StructuredFieldLexer) {
        while let byte = lexer.current, byte != ASCII.semicolon {
            if byte == ASCII.quote {
                _ = lexer.quotedString()
            } else {
                lexer.advance()
            }
        }
    }
}
