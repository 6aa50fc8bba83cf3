/// Splits named.conf text into tokens.
///
/// Follows the BIND ARM "Comment Syntax": `/* C */`, `// C++` and `# shell` comments, which
/// may start anywhere outside a quoted string. Strings are double-quoted, may contain `\`
/// escapes and, as in BIND, may not span lines (BIND reports "unbalanced quotes").
/// `{`, `}`, `;` and `!` are tokens of their own; anything else up to white space is a word.
struct NamedConfLexer {
    private let scalars: [Unicode.Scalar]
    private let file: String
    private var index = 0
    private var line = 1

    /// Prepares to read `text`, which came from `file` (used only in error messages).
    init(_ text: String, file: String) {
        self.scalars = Array(text.unicodeScalars)
        self.file = file
    }

    /// Every token of the text, in order.
    static func tokens(of text: String, file: String) throws(ConfigError) -> [NamedConfToken] {
        var lexer = NamedConfLexer(text, file: file)
        var tokens: [NamedConfToken] = []
        while let token = try lexer.next() { tokens.append(token) }
        return tokens
    }

    /// The next token, or `nil` at the end of the text.
    mutating func next() throws(ConfigError) -> NamedConfToken? {
        try skipSpaceAndComments()
        guard let scalar = peek() else { return nil }
        let start = line
        switch scalar {
        case "{": index += 1; return NamedConfToken(kind: .open, line: start)
        case "}": index += 1; return NamedConfToken(kind: .close, line: start)
        case ";": index += 1; return NamedConfToken(kind: .semicolon, line: start)
        case "!": index += 1; return NamedConfToken(kind: .bang, line: start)
        case "\"": return NamedConfToken(kind: .string(try quoted()), line: start)
        default: return NamedConfToken(kind: .word(word()), line: start)
        }
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private var atCommentStart: Bool {
        switch (peek(), peek(1)) {
        case ("#", _), ("/", "/"), ("/", "*"): true
        default: false
        }
    }

    private mutating func skipSpaceAndComments() throws(ConfigError) {
        while let scalar = peek() {
            if scalar == "\n" {
                line += 1
                index += 1
            } else if scalar.properties.isWhitespace {
                index += 1
            } else if scalar == "#" || (scalar == "/" && peek(1) == "/") {
                while let c = peek(), c != "\n" { index += 1 }
            } else if scalar == "/" && peek(1) == "*" {
                try skipBlockComment()
            } else {
                return
            }
        }
    }

    private mutating func skipBlockComment() throws(ConfigError) {
        let start = line
        index += 2
        while let scalar = peek() {
            if scalar == "*" && peek(1) == "/" {
                index += 2
                return
            }
            if scalar == "\n" { line += 1 }
            index += 1
        }
        throw ConfigError(.syntax, file: file, line: start, message: "unterminated comment: \"/*\" is never closed by \"*/\"")
    }

    private mutating func quoted() throws(ConfigError) -> String {
        let start = line
        index += 1
        var text = String.UnicodeScalarView()
        while let scalar = peek() {
            switch scalar {
            case "\"":
                index += 1
                return String(text)
            case "\n":
                // BIND does not let a string run past the end of its line; saying so here
                // points at the real mistake instead of at some later quote.
                throw unterminatedString(start)
            case "\\":
                guard let escaped = peek(1), escaped != "\n" else { throw unterminatedString(start) }
                text.append(escaped)
                index += 2
            default:
                text.append(scalar)
                index += 1
            }
        }
        throw unterminatedString(start)
    }

    private func unterminatedString(_ line: Int) -> ConfigError {
        ConfigError(.syntax, file: file, line: line, message: "unterminated string: missing closing '\"'")
    }

    private mutating func word() -> String {
        var text = String.UnicodeScalarView()
        while let scalar = peek(), !scalar.properties.isWhitespace, !atCommentStart {
            if "{};!\"".unicodeScalars.contains(scalar) { break }
            text.append(scalar)
            index += 1
        }
        return String(text)
    }
}
