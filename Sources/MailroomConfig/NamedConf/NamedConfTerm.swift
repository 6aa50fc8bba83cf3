/// One part of a generic named.conf statement: a word, a string, `!` or a `{ ... }` block.
struct NamedConfTerm: Hashable, Sendable {
    /// What the part is.
    enum Kind: Hashable, Sendable {
        case word(String)
        case string(String)
        case bang
        case block([NamedConfStatement])
    }

    var kind: Kind
    /// The line the part starts on.
    var line: Int

    /// The text of a word or string; `nil` for `!` and blocks.
    var text: String? {
        switch kind {
        case .word(let text), .string(let text): text
        case .bang, .block: nil
        }
    }

    /// The statements of a block; `nil` for anything else.
    var block: [NamedConfStatement]? {
        if case .block(let statements) = kind { return statements }
        return nil
    }

    /// The part as an error message quotes it.
    var display: String {
        switch kind {
        case .word(let text), .string(let text): "\"\(text)\""
        case .bang: "\"!\""
        case .block: "\"{\""
        }
    }
}
