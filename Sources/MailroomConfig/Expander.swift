/// Postfix's `$name` expansion over one file's settings, with their defaults behind them.
///
/// Forms (postconf(5) "parameter expansion"): `$name`, `${name}`, `$(name)`; `${name?text}` is
/// `text` when `name` is not empty and `${name:text}` is `text` when it is; `$$` is `$`.
/// Expansion is recursive and memoised; the names being expanded form a stack, and a name met
/// again while on it is a cycle. A `$` not followed by a name is kept as written, as Postfix does.
struct Expander {
    let file: String?
    let written: [String: MainCF.Entry]
    let defaults: DefaultSet
    let hostName: String
    private var values: [String: String] = [:]
    private var stack: [String] = []

    init(file: String?, written: [String: MainCF.Entry], defaults: DefaultSet, hostName: String) {
        self.file = file
        self.written = written
        self.defaults = defaults
        self.hostName = hostName
    }

    /// The fully expanded value of `name`: the written one, else the default.
    mutating func value(of name: String) throws(ConfigError) -> String {
        if let known = values[name] { return known }
        if let start = stack.firstIndex(of: name) { throw cycleError(Array(stack[start...]) + [name]) }
        stack.append(name)
        defer { stack.removeLast() }
        let result: String
        if let entry = written[name] {
            result = try expand(entry.value, setting: name, line: entry.line)
        } else {
            result = try defaultValue(of: name)
        }
        values[name] = result
        return result
    }

    /// The expanded default of `name`, whether or not the file writes it.
    mutating func defaultValue(of name: String) throws(ConfigError) -> String {
        switch SettingsSchema.definitionsByName[name]?.defaultValue {
        case .text(let text)?:
            return try expand(text, setting: name, line: nil)
        case .port(let listener)?:
            return String(defaults == .builtIn ? listener.builtInDefaultPort : listener.standardPort)
        case .systemHostName?:
            return hostName
        case .parentDomainOfMyhostname?:
            let labels = try value(of: "myhostname").split(separator: ".", maxSplits: 1)
            return labels.count == 2 ? String(labels[1]) : "localdomain"
        case nil:
            // Only schema names reach here: the loader rejects the rest before expanding.
            return ""
        }
    }

    // text      = *(literal / "$$" / reference)
    // reference = "$" name / "${" name [("?" / ":") text] "}" / "$(" name [("?" / ":") text] ")"
    private mutating func expand(_ text: String, setting: String, line: Int?) throws(ConfigError) -> String {
        var output = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            output += rest[..<dollar]
            rest = rest[rest.index(after: dollar)...]
            guard let next = rest.first else { output += "$"; break }
            if next == "$" {
                output += "$"
                rest = rest.dropFirst()
            } else if next == "{" || next == "(" {
                let close: Character = next == "{" ? "}" : ")"
                guard let end = matchingClose(rest, open: next, close: close) else {
                    throw ConfigError(.syntax, file: file, line: line,
                                      message: "\(setting): missing \"\(close)\" after \"$\(rest)\"")
                }
                output += try braced(rest[rest.index(after: rest.startIndex)..<end], setting: setting, line: line)
                rest = rest[rest.index(after: end)...]
            } else if MainCF.isNameCharacter(next) {
                let name = rest.prefix(while: MainCF.isNameCharacter)
                output += try reference(String(name), setting: setting, line: line)
                rest = rest.dropFirst(name.count)
            } else {
                output += "$"
            }
        }
        return output + rest
    }

    /// The inside of `${...}`: a name, optionally followed by `?text` or `:text`.
    private mutating func braced(_ inside: Substring, setting: String, line: Int?) throws(ConfigError) -> String {
        let name = String(inside.prefix(while: MainCF.isNameCharacter))
        let rest = inside.dropFirst(name.count)
        guard !name.isEmpty, rest.isEmpty || rest.first == "?" || rest.first == ":" else {
            throw ConfigError(.syntax, file: file, line: line,
                              message: "\(setting): \"${\(inside)}\" is not ${name}, ${name?text} or ${name:text}")
        }
        let value = try reference(name, setting: setting, line: line)
        guard let operation = rest.first else { return value }
        let wanted = operation == "?" ? !value.isEmpty : value.isEmpty
        return wanted ? try expand(String(rest.dropFirst()), setting: setting, line: line) : ""
    }

    private mutating func reference(_ name: String, setting: String, line: Int?) throws(ConfigError) -> String {
        guard written[name] != nil || SettingsSchema.definitionsByName[name] != nil else {
            let suggestion = NameSuggestion.closest(to: name).map { " (did you mean \"$\($0)\"?)" } ?? ""
            throw ConfigError(.undefinedReference, file: file, line: line,
                              message: "\(setting): \"$\(name)\" refers to no setting\(suggestion)")
        }
        return try value(of: name)
    }

    /// The index of the bracket that closes the one at `text.startIndex`, counting nesting so
    /// that `${a?${b}}` ends at the last brace.
    private func matchingClose(_ text: Substring, open: Character, close: Character) -> Substring.Index? {
        var depth = 0
        for index in text.indices {
            if text[index] == open { depth += 1 }
            if text[index] == close {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }

    /// Reports a cycle at the earliest line among its settings (a cycle always has a written
    /// one, since defaults never refer to each other in a loop), starting the chain there.
    private func cycleError(_ chain: [String]) -> ConfigError {
        let members = chain.dropLast()
        let first = members.indices.min { (written[members[$0]]?.line ?? .max) < (written[members[$1]]?.line ?? .max) }
            ?? members.startIndex
        let rotated = Array(members[first...] + members[..<first])
        let path = (rotated + [rotated[0]]).joined(separator: " -> ")
        return ConfigError(.cycle, file: file, line: written[rotated[0]]?.line,
                           message: "$\(rotated[0]) refers to itself: \(path)")
    }
}
