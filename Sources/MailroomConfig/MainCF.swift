/// The `main.cf` grammar of postconf(5), without any knowledge of what the settings mean.
///
/// A logical line starts with non-white-space text; a physical line that starts with white
/// space continues it. Lines whose first non-white-space character is `#`, and blank lines,
/// are skipped wherever they occur, so they neither end a logical line nor continue one.
/// `#` anywhere else is part of the value, as in Postfix.
enum MainCF {
    /// One `name = value` logical line.
    struct Entry: Hashable, Sendable {
        /// The text before the first `=`, trimmed.
        var name: String
        /// The text after the first `=`, continuation lines joined with one space, trimmed.
        var value: String
        /// The physical line where the logical line starts (1-based).
        var line: Int
    }

    /// Splits `text` into its settings, in file order.
    static func parse(_ text: String, file: String?) throws(ConfigError) -> [Entry] {
        var logicalLines: [(start: Int, text: String)] = []
        for (index, physical) in physicalLines(text).enumerated() {
            let trimmed = trimmingWhiteSpace(physical)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if physical.first.map(isWhiteSpace) == true {
                guard !logicalLines.isEmpty else {
                    throw ConfigError(.syntax, file: file, line: index + 1,
                                      message: "continuation line without a setting before it: \"\(trimmed)\"")
                }
                logicalLines[logicalLines.count - 1].text += " " + trimmed
            } else {
                logicalLines.append((index + 1, trimmed))
            }
        }
        var entries: [Entry] = []
        for logical in logicalLines {
            entries.append(try entry(logical.text, line: logical.start, file: file))
        }
        return entries
    }

    // logical-line = name *WSP "=" *WSP value
    // name         = 1*(ALPHA / DIGIT / "_")
    private static func entry(_ text: String, line: Int, file: String?) throws(ConfigError) -> Entry {
        guard let equals = text.firstIndex(of: "=") else {
            throw ConfigError(.syntax, file: file, line: line,
                              message: "expected \"name = value\", found \"\(text)\"")
        }
        let name = trimmingWhiteSpace(text[..<equals])
        guard !name.isEmpty, name.allSatisfy(isNameCharacter) else {
            throw ConfigError(.syntax, file: file, line: line,
                              message: "\"\(name)\" is not a setting name (letters, digits and \"_\")")
        }
        return Entry(name: name, value: trimmingWhiteSpace(text[text.index(after: equals)...]), line: line)
    }

    /// Lines split at LF or CRLF (one `Character` in Swift), so Windows-edited files read the same.
    private static func physicalLines(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    }

    static func isNameCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "_")
    }

    static func isWhiteSpace(_ c: Character) -> Bool {
        c == " " || c == "\t" || c == "\r" || c == "\u{0B}" || c == "\u{0C}"
    }

    static func trimmingWhiteSpace(_ text: some StringProtocol) -> String {
        guard let first = text.firstIndex(where: { !isWhiteSpace($0) }),
              let last = text.lastIndex(where: { !isWhiteSpace($0) })
        else { return "" }
        return String(text[first...last])
    }
}
