/// Reads an RFC 5322 §3.4 address list (`From`, `To`, `Cc`, ...) into ENVELOPE addresses, tolerating the
/// obsolete syntax of §4.4 (routes, empty list members, phrases with dots) and garbage: what cannot be read
/// as an address is skipped to the next comma, so one bad member never loses the others.
///
/// The field is first cut into tokens (atoms, quoted strings, domain literals, specials, comments); a member is
/// then the words up to `<`, `:`, `,` or `;`: before `<` a display name, before `:` a group name, else an
/// addr-spec.
enum AddressListParser {
    struct Token: Equatable {
        enum Kind: Equatable {
            /// An atom or a quoted string, the latter without its quotes and with `quoted` set.
            case word([UInt8], quoted: Bool)
            /// A domain literal as written, `[` and `]` included.
            case literal([UInt8])
            case special(UInt8)
            case comment([UInt8])
        }

        var kind: Kind
        /// White space or a comment came before it: where a display name keeps a space.
        var spaced: Bool
    }

    private typealias Phrase = (words: [Token], comment: [UInt8]?)

    static func parse(_ value: [UInt8]) -> [Address] {
        var tokens = tokenize(value)[...]
        var addresses: [Address] = []
        var inGroup = false
        while !tokens.isEmpty, addresses.count < MIMELimits.maximumAddresses {
            let phrase = words(&tokens)
            switch tokens.first?.kind {
            case .special(ASCII.colon) where !inGroup && !phrase.words.isEmpty:
                tokens.removeFirst()
                addresses.append(.groupStart(ByteString(displayName(phrase.words))))
                inGroup = true
                continue
            case .special(ASCII.lessThan):
                tokens.removeFirst()
                addresses.append(angleAddress(&tokens, name: phrase.words.isEmpty ? nil : displayName(phrase.words)))
            default:
                if let address = addrSpec(phrase) { addresses.append(address) }
            }
            while let token = tokens.first, token.kind != .special(ASCII.comma), token.kind != .special(ASCII.semicolon) {
                tokens.removeFirst()
            }
            if tokens.first?.kind == .special(ASCII.semicolon), inGroup {
                addresses.append(.groupEnd)
                inGroup = false
            }
            if !tokens.isEmpty { tokens.removeFirst() }
        }
        if inGroup { addresses.append(.groupEnd) }
        return addresses
    }

    /// The words before the next special other than `.` and `@` (which local parts, domains and obs-phrases
    /// hold); comments are dropped but the last one is remembered, the name of a bare addr-spec.
    private static func words(_ tokens: inout ArraySlice<Token>) -> Phrase {
        var words: [Token] = []
        var comment: [UInt8]?
        while let token = tokens.first {
            switch token.kind {
            case .word, .literal, .special(ASCII.period), .special(ASCII.at):
                words.append(token)
            case .comment(let text):
                comment = text
            case .special:
                return (words, comment)
            }
            tokens.removeFirst()
        }
        return (words, comment)
    }

    /// A display name: the words with one space where the message had white space or a comment between them
    /// (`Joe Q. Public`), quoted strings unquoted.
    private static func displayName(_ words: [Token]) -> [UInt8] {
        var name: [UInt8] = []
        for word in words {
            if word.spaced, !name.isEmpty { name.append(ASCII.space) }
            switch word.kind {
            case .word(let text, _), .literal(let text): name += text
            case .special(let byte): name.append(byte)
            case .comment: break
            }
        }
        return name
    }

    /// `[obs-route] local-part "@" domain ">"` after the `<`.
    private static func angleAddress(_ tokens: inout ArraySlice<Token>, name: [UInt8]?) -> Address {
        var route: [UInt8] = []
        var inner = words(&tokens)
        while let separator = tokens.first?.kind,
            separator == .special(ASCII.comma) || separator == .special(ASCII.colon),
            inner.words.first?.kind == .special(ASCII.at)
        {
            if !route.isEmpty { route.append(ASCII.comma) }
            route += spelled(inner.words)
            tokens.removeFirst()
            inner = words(&tokens)
        }
        var address = addrSpec(inner) ?? Address(mailbox: Address.missingMailbox, host: Address.missingHost)
        address.name = name.map(ByteString.init)
        address.adl = route.isEmpty ? nil : ByteString(route)
        if tokens.first?.kind == .special(ASCII.greaterThan) { tokens.removeFirst() }
        return address
    }

    /// The local part and domain of an addr-spec's words, split at the last `@`; its comment is the name.
    private static func addrSpec(_ phrase: Phrase) -> Address? {
        guard !phrase.words.isEmpty else { return nil }
        let at = phrase.words.lastIndex { $0.kind == .special(ASCII.at) }
        let local = spelled(phrase.words[..<(at ?? phrase.words.endIndex)])
        let domain = at.map { spelled(phrase.words[($0 + 1)...]) } ?? []
        return Address(
            name: phrase.comment.map(ByteString.init),
            mailbox: local.isEmpty ? Address.missingMailbox : ByteString(local),
            host: domain.isEmpty ? Address.missingHost : ByteString(domain))
    }

    /// Words written out without the white space between them, as local parts and domains are
    /// (`john.q.public`, `"john doe"`, `[192.0.2.1]`); quoted strings are quoted again.
    private static func spelled(_ words: some Collection<Token>) -> [UInt8] {
        var text: [UInt8] = []
        for word in words {
            switch word.kind {
            case .word(let bytes, quoted: false), .literal(let bytes): text += bytes
            case .word(let bytes, quoted: true): text += quotedAgain(bytes)
            case .special(let byte): text.append(byte)
            case .comment: break
            }
        }
        return text
    }

    private static func quotedAgain(_ bytes: [UInt8]) -> [UInt8] {
        var quoted: [UInt8] = [ASCII.quote]
        for byte in bytes {
            if byte == ASCII.quote || byte == ASCII.backslash { quoted.append(ASCII.backslash) }
            quoted.append(byte)
        }
        return quoted + [ASCII.quote]
    }

    /// The field cut into tokens, white space dropped but noted on the token after it.
    static func tokenize(_ value: [UInt8]) -> [Token] {
        var lexer = StructuredFieldLexer(value)
        var tokens: [Token] = []
        var spaced = false
        func add(_ kind: Token.Kind) {
            tokens.append(Token(kind: kind, spaced: spaced))
            spaced = false
        }
        while let byte = lexer.current {
            switch byte {
            case _ where ASCII.isLinearWhitespace(byte):
                lexer.advance()
                spaced = true
            case ASCII.openParenthesis:
                add(.comment(lexer.comment()))
                spaced = true
            case ASCII.quote:
                add(.word(lexer.quotedString(), quoted: true))
            case ASCII.openBracket:
                add(.literal(lexer.domainLiteral()))
            case ASCII.lessThan, ASCII.greaterThan, ASCII.at, ASCII.comma, ASCII.semicolon, ASCII.colon,
                ASCII.period, ASCII.backslash, ASCII.closeBracket, ASCII.closeParenthesis:
                add(.special(byte))
                lexer.advance()
            default:
                let atom = lexer.read(while: isAtomCharacter)
                if atom.isEmpty {
                    lexer.advance()  // a control character: dropped
                } else {
                    add(.word(Array(atom), quoted: false))
                }
            }
        }
        return tokens
    }

    /// atext (RFC 5322 §3.2.3), leniently: anything but white space, specials and controls, 8-bit octets
    /// included (RFC 6532 §3.2).
    private static func isAtomCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case ASCII.openParenthesis, ASCII.closeParenthesis, ASCII.lessThan, ASCII.greaterThan, ASCII.at,
            ASCII.comma, ASCII.semicolon, ASCII.colon, ASCII.backslash, ASCII.quote, ASCII.period,
            ASCII.openBracket, ASCII.closeBracket:
            false
        default:
            byte > ASCII.space && byte != 0x7F
        }
    }
}
