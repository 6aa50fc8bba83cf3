/// A cursor over an unfolded structured field body: the lexical tokens of RFC 5322 §3.2 (CFWS, quoted-string,
/// domain literal) and RFC 2045 §5.1 (token). Every read advances at least one octet or reports nothing, and
/// unterminated quotes, comments and literals run to the end of the field, so any input ends the loops that
/// use it.
struct StructuredFieldLexer {
    let bytes: [UInt8]
    private(set) var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { index >= bytes.count }

    /// The octet at the cursor, nil at the end.
    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func advance() { index = min(index + 1, bytes.count) }

    /// Skips white space and comments (CFWS, RFC 5322 §3.2.2); returns the text of the last comment skipped.
    @discardableResult
    mutating func skipWhitespaceAndComments() -> [UInt8]? {
        var lastComment: [UInt8]?
        while let byte = current {
            if ASCII.isLinearWhitespace(byte) {
                index += 1
            } else if byte == ASCII.openParenthesis {
                lastComment = comment()
            } else {
                break
            }
        }
        return lastComment
    }

    /// Reads a comment at the cursor (`(`), nested comments included; returns its text without the outer
    /// parentheses, quoted-pairs unescaped.
    mutating func comment() -> [UInt8] {
        var text: [UInt8] = []
        var depth = 0
        while let byte = current {
            index += 1
            switch byte {
            case ASCII.backslash:
                if let escaped = current {
                    text.append(escaped)
                    index += 1
                }
            case ASCII.openParenthesis:
                if depth > 0 { text.append(byte) }
                depth += 1
            case ASCII.closeParenthesis:
                depth -= 1
                if depth == 0 { return text }
                text.append(byte)
            default:
                text.append(byte)
            }
        }
        return text
    }

    /// Reads a quoted-string at the cursor (`"`); returns its content, quoted-pairs unescaped (RFC 5322 §3.2.4).
    mutating func quotedString() -> [UInt8] {
        var text: [UInt8] = []
        index += 1
        while let byte = current {
            index += 1
            if byte == ASCII.quote { return text }
            if byte == ASCII.backslash, let escaped = current {
                text.append(escaped)
                index += 1
            } else {
                text.append(byte)
            }
        }
        return text
    }

    /// Reads a domain literal at the cursor (`[`) as written, brackets included (RFC 5322 §3.4.1).
    mutating func domainLiteral() -> [UInt8] {
        let start = index
        index += 1
        while let byte = current {
            index += 1
            if byte == ASCII.backslash {
                advance()
            } else if byte == ASCII.closeBracket {
                break
            }
        }
        return Array(bytes[start..<index])
    }

    /// Reads the octets at the cursor while `predicate` holds; empty when it fails at once.
    mutating func read(while predicate: (UInt8) -> Bool) -> ArraySlice<UInt8> {
        let start = index
        while let byte = current, predicate(byte) { index += 1 }
        return bytes[start..<index]
    }

    /// Reads an RFC 2045 §5.1 token; nil when none starts at the cursor.
    mutating func token() -> ArraySlice<UInt8>? {
        let token = read(while: ASCII.isTokenCharacter)
        return token.isEmpty ? nil : token
    }
}
