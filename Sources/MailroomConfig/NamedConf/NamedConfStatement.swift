/// A named.conf statement before interpretation: its parts up to the closing `;`.
///
/// BIND's grammar (ARM "Configuration File Grammar") is always `keyword [args] [{ ... }] ;`
/// with blocks holding more such statements, so one generic shape covers `options`, `zone`,
/// `key`, address match lists and every option inside them.
struct NamedConfStatement: Hashable, Sendable {
    /// The parts, the keyword first; never empty.
    var terms: [NamedConfTerm]
    /// The file the statement was read from, as it appears in messages.
    var file: String
    /// The line the statement starts on.
    var line: Int

    /// The leading keyword, lower-cased as BIND matches keywords; `""` when the statement
    /// starts with something else (a string, `!` or a block).
    var keyword: String {
        if case .word(let text)? = terms.first?.kind { return text.lowercased() }
        return ""
    }

    /// The statement's first part as an error message quotes it.
    var display: String { terms.first?.display ?? "\";\"" }

    /// An error located at this statement (or at `term`, when given).
    func error(_ code: ConfigError.Code, _ message: String, at term: NamedConfTerm? = nil) -> ConfigError {
        ConfigError(code, file: file, line: term?.line ?? line, message: message)
    }

    /// A warning located at this statement.
    func warning(_ message: String) -> NamedConfWarning {
        NamedConfWarning(file: file, line: line, message: message)
    }

    /// Checks that the statement has exactly `count` parts, so that a forgotten `;` shows up
    /// as "missing ;" at the word after it rather than as a baffling value.
    func expectCount(_ count: Int, usage: String) throws(ConfigError) {
        if terms.count > count {
            let extra = terms[count]
            throw error(.syntax, "missing \";\" before \(extra.display) (expected \(usage))", at: extra)
        }
        if terms.count < count {
            throw error(.syntax, "\(display) is incomplete (expected \(usage))")
        }
    }

    /// The word or string at `position`, or an error describing `usage`.
    func text(at position: Int, usage: String) throws(ConfigError) -> String {
        guard position < terms.count, let text = terms[position].text else {
            throw error(.syntax, "\(display) is malformed (expected \(usage))", at: position < terms.count ? terms[position] : nil)
        }
        return text
    }

    /// The block at `position`, or an error describing `usage`.
    func block(at position: Int, usage: String) throws(ConfigError) -> [NamedConfStatement] {
        guard position < terms.count, let block = terms[position].block else {
            throw error(.syntax, "\(display) is malformed (expected \(usage))", at: position < terms.count ? terms[position] : nil)
        }
        return block
    }
}
