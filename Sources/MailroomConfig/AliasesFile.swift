/// An aliases(5) file as Postfix's postalias(1) and local(8) read it.
///
/// ```
/// # comment
/// postmaster: root
/// team:       xiong, root,
///             friend@elsewhere.test
/// "a b":      "|/usr/bin/vacation a", /var/log/a-b, :include:/etc/mail/list
/// ```
///
/// A logical line starts with non-white-space text; a physical line that starts with white space
/// continues it. Blank lines and lines whose first non-white-space character is `#` are skipped
/// wherever they occur. The name ends at the first unquoted `:`; it is lower-cased and may be quoted.
/// Where postalias(1) warns and skips a malformed line ("need name:value pair", "name must be local"),
/// mailroom refuses the file with `FILE:LINE: message`, as it does for main.cf. A name defined twice
/// is a warning and the first definition is used, as postalias(1) does by default.
public struct AliasesFile: Hashable, Sendable {
    /// The file name used in messages.
    public let file: String
    /// The entries in file order, without the ignored duplicates.
    public let entries: [AliasEntry]
    /// `FILE:LINE: warning: ...` for duplicate names.
    public let warnings: [ConfigWarning]
    private let index: [String: Int]

    /// Parses the text of an aliases file; `file` is used in errors and warnings.
    public static func parse(_ text: String, file: String) throws(ConfigError) -> AliasesFile {
        var entries: [AliasEntry] = []
        var warnings: [ConfigWarning] = []
        var index: [String: Int] = [:]
        for logical in try logicalLines(text, file: file) {
            let entry = try self.entry(logical.text, file: file, line: logical.start)
            if let first = index[entry.name] {
                warnings.append(ConfigWarning(
                    file: file, line: entry.line,
                    message: "duplicate alias \"\(entry.name)\" ignored; the one on line \(entries[first].line) is used"))
                continue
            }
            index[entry.name] = entries.count
            entries.append(entry)
        }
        return AliasesFile(file: file, entries: entries, warnings: warnings, index: index)
    }

    /// Parses an `:include:` file: every non-comment line is a destination list (local(8)
    /// `deliver_token_stream()`); there are no names and no continuation lines.
    public static func parseIncludeFile(_ text: String, file: String) throws(ConfigError) -> [AliasValue] {
        var values: [AliasValue] = []
        for (number, physical) in physicalLines(text).enumerated() {
            let trimmed = AliasSyntax.trimmingWhiteSpace(physical)
            if trimmed.isEmpty || trimmed.unicodeScalars.first == "#" { continue }
            do {
                values += try AliasSyntax.destinations(Substring(trimmed))
            } catch {
                throw ConfigError(.syntax, file: file, line: number + 1, message: error.message)
            }
        }
        return values
    }

    /// The entry for `name`, compared case-insensitively.
    public func entry(named name: String) -> AliasEntry? {
        index[name.lowercased()].map { entries[$0] }
    }

    /// An empty file, for an alias map that does not exist.
    static func empty(file: String) -> AliasesFile {
        AliasesFile(file: file, entries: [], warnings: [], index: [:])
    }

    private init(file: String, entries: [AliasEntry], warnings: [ConfigWarning], index: [String: Int]) {
        self.file = file
        self.entries = entries
        self.warnings = warnings
        self.index = index
    }

    // MARK: - Grammar

    private static func logicalLines(_ text: String, file: String) throws(ConfigError) -> [(start: Int, text: String)] {
        var logicalLines: [(start: Int, text: String)] = []
        for (number, physical) in physicalLines(text).enumerated() {
            let trimmed = AliasSyntax.trimmingWhiteSpace(physical)
            if trimmed.isEmpty || trimmed.unicodeScalars.first == "#" { continue }
            if physical.unicodeScalars.first.map(AliasSyntax.isWhiteSpace) == true {
                guard !logicalLines.isEmpty else {
                    throw ConfigError(.syntax, file: file, line: number + 1,
                                      message: "continuation line without an alias before it: \"\(trimmed)\"")
                }
                logicalLines[logicalLines.count - 1].text += " " + trimmed
            } else {
                logicalLines.append((number + 1, trimmed))
            }
        }
        return logicalLines
    }

    // entry = name *WSP ":" value-list
    // name  = word                       ; no "@" or "%": the name is a local part
    private static func entry(_ text: String, file: String, line: Int) throws(ConfigError) -> AliasEntry {
        func failure(_ message: String) -> ConfigError {
            ConfigError(.syntax, file: file, line: line, message: message)
        }
        let text = Substring(text)
        guard let colon = AliasSyntax.nameSeparator(text) else {
            throw failure("expected \"name: value\", found \"\(text)\"")
        }
        let written = Substring(AliasSyntax.trimmingWhiteSpace(Substring(text.unicodeScalars[..<colon])))
        guard !written.isEmpty else { throw failure("missing name before \":\" in \"\(text)\"") }
        var position = written.startIndex
        let name: (text: String, quoted: Bool)
        do {
            name = try AliasSyntax.word(written, from: &position)
        } catch {
            throw failure(error.message)
        }
        guard position == written.endIndex else {
            throw failure("\"\(written)\" is not one name; quote a name that has white space or \",\"")
        }
        guard !name.text.isEmpty else { throw failure("missing name before \":\" in \"\(text)\"") }
        guard !name.text.unicodeScalars.contains("@"), !name.text.unicodeScalars.contains("%") else {
            throw failure("alias name \"\(name.text)\" must be local, without \"@\" or \"%\"")
        }
        let values: [AliasValue]
        let afterColon = text.unicodeScalars.index(after: colon)
        do {
            values = try AliasSyntax.destinations(Substring(text.unicodeScalars[afterColon...]))
        } catch {
            throw failure(error.message)
        }
        guard !values.isEmpty else { throw failure("alias \"\(name.text.lowercased())\" has no destination") }
        return AliasEntry(name: name.text, values: values, file: file, line: line)
    }

    /// Lines split at LF or CRLF (one `Character` in Swift), so Windows-edited files read the same.
    private static func physicalLines(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    }
}
