/// The token level of aliases(5): quoted strings, words and destination lists, shared by alias
/// files and `:include:` files.
///
/// Postfix tokenises both with its RFC 822 scanner (`tok822_parse`): destinations are separated by
/// commas, and white space also separates plain addresses. A double-quoted string keeps white space
/// and commas (`"|cmd args"`, `"a b": x`), and `\` escapes the next character. Two deliberate
/// differences, so that nothing is mangled: an unquoted `|command` runs to the next comma with its
/// arguments (sendmail's reading), and `:include:` may be followed by white space before its path.
enum AliasSyntax {
    /// Why a piece of text is not a destination list; the caller adds the file and line.
    struct Failure: Error {
        var message: String
    }

    // value-list = [value] *("," / WSP [value])
    // value      = "|" *(qtext / quoted-string)   ; to the next unquoted ","
    //            / ":include:" *WSP word
    //            / word
    static func destinations(_ text: Substring) throws(Failure) -> [AliasValue] {
        var values: [AliasValue] = []
        var index = text.startIndex
        while true {
            while index < text.endIndex, text[index] == "," || isWhiteSpace(text[index]) {
                index = text.index(after: index)
            }
            guard index < text.endIndex else { return values }
            if text[index] == "|" {
                let end = try endOfElement(text, from: index)
                let command = trimmingWhiteSpace(text[text.index(after: index)..<end])
                guard !command.isEmpty else { throw Failure(message: "\"|\" without a command") }
                values.append(.program(command))
                index = end
                continue
            }
            var word = try self.word(text, from: &index)
            if !word.quoted, word.text.lowercased() == ":include:" {
                while index < text.endIndex, isWhiteSpace(text[index]) { index = text.index(after: index) }
                if index < text.endIndex, text[index] != "," {
                    let path = try self.word(text, from: &index)
                    word.text += path.text
                }
            }
            values.append(try classify(word.text))
        }
    }

    // word = 1*(atom-char / quoted-string / "\" CHAR)   ; up to white space or an unquoted ","
    /// Reads one word at `index`, returning it with quotes removed and escapes resolved.
    static func word(_ text: Substring, from index: inout Substring.Index) throws(Failure) -> (text: String, quoted: Bool) {
        var result = ""
        var quoted = false
        while index < text.endIndex {
            let character = text[index]
            if character == "," || isWhiteSpace(character) { break }
            index = text.index(after: index)
            switch character {
            case "\"":
                quoted = true
                var closed = false
                while index < text.endIndex {
                    var inner = text[index]
                    index = text.index(after: index)
                    if inner == "\"" { closed = true; break }
                    if inner == "\\", index < text.endIndex {
                        inner = text[index]
                        index = text.index(after: index)
                    }
                    result.append(inner)
                }
                guard closed else { throw Failure(message: "missing closing quote: \(AliasSyntax.trimmingWhiteSpace(text))") }
            case "\\" where index < text.endIndex:
                quoted = true
                result.append(text[index])
                index = text.index(after: index)
            default:
                result.append(character)
            }
        }
        return (result, quoted)
    }

    /// Sorts an unquoted word into its kind, as local(8) `deliver_token()` does after internalising it.
    static func classify(_ word: String) throws(Failure) -> AliasValue {
        if word.hasPrefix("|") {
            let command = trimmingWhiteSpace(word.dropFirst())
            guard !command.isEmpty else { throw Failure(message: "\"|\" without a command") }
            return .program(command)
        }
        if word.hasPrefix("/") || word.hasPrefix("~") { return .file(word) }
        if word.lowercased().hasPrefix(":include:") {
            let path = trimmingWhiteSpace(word.dropFirst(":include:".count))
            guard !path.isEmpty else { throw Failure(message: "\":include:\" without a file name") }
            // local(8) refuses relative include paths at delivery time; refusing them here says so earlier.
            guard path.hasPrefix("/") else {
                throw Failure(message: "\":include:\(path)\" needs an absolute path")
            }
            return .include(path)
        }
        guard !word.isEmpty else { throw Failure(message: "empty destination \"\"") }
        if let at = word.lastIndex(of: "@") {
            guard at != word.startIndex, word.index(after: at) != word.endIndex else {
                throw Failure(message: "\"\(word)\" is not an address (local@domain or a local name)")
            }
        }
        return .address(word)
    }

    /// The index of the first `,` outside quotes from `start`, or the end.
    private static func endOfElement(_ text: Substring, from start: Substring.Index) throws(Failure) -> Substring.Index {
        var index = start
        var inQuotes = false
        while index < text.endIndex {
            let character = text[index]
            if character == "\"" {
                inQuotes.toggle()
            } else if character == "\\" {
                index = text.index(after: index)
                if index == text.endIndex { break }
            } else if character == ",", !inQuotes {
                return index
            }
            index = text.index(after: index)
        }
        guard !inQuotes else { throw Failure(message: "missing closing quote: \(AliasSyntax.trimmingWhiteSpace(text))") }
        return text.endIndex
    }

    /// The index of the first `:` outside quotes, or `nil`.
    static func nameSeparator(_ text: Substring) -> Substring.Index? {
        var index = text.startIndex
        var inQuotes = false
        while index < text.endIndex {
            switch text[index] {
            case "\"": inQuotes.toggle()
            case "\\":
                index = text.index(after: index)
                if index == text.endIndex { return nil }
            case ":" where !inQuotes: return index
            default: break
            }
            index = text.index(after: index)
        }
        return nil
    }

    static func isWhiteSpace(_ c: Character) -> Bool {
        MainCF.isWhiteSpace(c) || c == "\n"
    }

    static func trimmingWhiteSpace(_ text: some StringProtocol) -> String {
        MainCF.trimmingWhiteSpace(text)
    }
}
