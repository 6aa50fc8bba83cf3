/// One lexical unit of named.conf, as BIND's configuration lexer (`isccfg`) splits it.
struct NamedConfToken: Hashable, Sendable {
    /// What was read.
    enum Kind: Hashable, Sendable {
        /// An unquoted word: a keyword, name, number, address or prefix.
        case word(String)
        /// A double-quoted string, quotes removed and backslash escapes resolved.
        case string(String)
        /// `{`
        case open
        /// `}`
        case close
        /// `;`
        case semicolon
        /// `!`, which negates the next address match list element.
        case bang
    }

    var kind: Kind
    /// The line the token starts on, counting from 1.
    var line: Int

    /// The token as it would be quoted in an error message.
    var display: String {
        switch kind {
        case .word(let text): "\"\(text)\""
        case .string(let text): "\"\(text)\""
        case .open: "\"{\""
        case .close: "\"}\""
        case .semicolon: "\";\""
        case .bang: "\"!\""
        }
    }
}
