/// The token level of aliases(5): quoted strings, words and destination lists, shared by alias
/// files and `:include:` files.
///
/// Postfix tokenises both with its RFC 822 scanner (`tok822_parse`): destinations are separated by
/// commas, and white space also separates plain addresses. A double-quoted string keeps white space
/// and commas (`"|cmd args"`, `"a b": x`), and `\` escapes the next character. Two deliberate
/// differences, so that nothing is mangled: an unquoted `|command` runs to the next comma with its
/// arguments (sendmail's reading), and `:include:` may be followed by white space before its path.
///
/// Like Postfix's byte scanner, the grammar reads Unicode scalars, not `Character`s: a separator
/// followed by a combining mark (`,\u{301}`) is one `Character` that is not `,`, and would otherwise
/// hide the separator from one reader but not from another.
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
        let scalars = text.unicodeScalars
        var values: [AliasValue] = []
        var index = scalars.startIndex
        while true {
            while index < scalars.endIndex, scalars[index] == "," || isWhiteSpace(scalars[index]) {
                index = scalars.index(after: index)
            }
            guard index < scalars.endIndex else { return values }
            if scalars[index] == "|" {
                let end = try endOfElement(text, from: index)
                let command = trimmingWhiteSpace(Substring(scalars[scalars.index(after: index)..<end]))
                guard !command.isEmpty else { throw Failure(message: "\"|\" without a command") }
                values.append(.program(command))
                index = end
                continue
            }
            var word = try self.word(text, from: &index)
            if !word.quoted, word.text.lowercased() == ":include:" {
                while index < scalars.endIndex, isWhiteSpace(scalars[index]) { index = scalars.index(after: index) }
                if index < scalars.endIndex, scalars[index] != "," {
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
        let scalars = text.unicodeScalars
        var result = String.UnicodeScalarView()
        var quoted = false
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar == "," || isWhiteSpace(scalar) { break }
            index = scalars.index(after: index)
            switch scalar {
            case "\"":
                quoted = true
                var closed = false
                while index < scalars.endIndex {
                    var inner = scalars[index]
                    index = scalars.index(after: index)
                    if inner == "\"" { closed = true; break }
                    if inner == "\\", index < scalars.endIndex {
                        inner = scalars[index]
                        index = scalars.index(after: index)
                    }
                    result.append(inner)
                }
                guard closed else { throw Failure(message: "missing closing quote: \(trimmingWhiteSpace(text))") }
            case "\\" where index < scalars.endIndex:
                quoted = true
                result.append(scalars[index])
                index = scalars.index(after: index)
            default:
                result.append(scalar)
            }
        }
        return (String(result), quoted)
    }

    /// Sorts an unquoted word into its kind, as local(8) `deliver_token()` does after internalising it.
    static func classify(_ word: String) throws(Failure) -> AliasValue {
        let scalars = word.unicodeScalars
        if scalars.first == "|" {
            let command = trimmingWhiteSpace(Substring(scalars.dropFirst()))
            guard !command.isEmpty else { throw Failure(message: "\"|\" without a command") }
            return .program(command)
        }
        if scalars.first == "/" || scalars.first == "~" { return .file(word) }
        if word.lowercased().unicodeScalars.starts(with: ":include:".unicodeScalars) {
            let path = trimmingWhiteSpace(Substring(scalars.dropFirst(":include:".unicodeScalars.count)))
            guard !path.isEmpty else { throw Failure(message: "\":include:\" without a file name") }
            // local(8) refuses relative include paths at delivery time; refusing them here says so earlier.
            guard path.unicodeScalars.first == "/" else {
                throw Failure(message: "\":include:\(path)\" needs an absolute path")
            }
            return .include(path)
        }
        guard !word.isEmpty else { throw Failure(message: "empty destination \"\"") }
        if let at = scalars.lastIndex(of: "@") {
            guard at != scalars.startIndex, scalars.index(after: at) != scalars.endIndex else {
                throw Failure(message: "\"\(word)\" is not an address (local@domain or a local name)")
            }
        }
        return .address(word)
    }

    /// The index of the first `,` outside quotes from `start`, or the end.
    private static func endOfElement(_ text: Substring, from start: Substring.Index) throws(Failure) -> Substring.Index {
        let scalars = text.unicodeScalars
        var index = start
        var inQuotes = false
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar == "\"" {
                inQuotes.toggle()
            } else if scalar == "\\" {
                index = scalars.index(after: index)
                if index == scalars.endIndex { break }
            } else if scalar == ",", !inQuotes {
                return index
            }
            index = scalars.index(after: index)
        }
        guard !inQuotes else { throw Failure(message: "missing closing quote: \(trimmingWhiteSpace(text))") }
        return scalars.endIndex
    }

    /// The index of the first `:` outside quotes, or `nil`.
    static func nameSeparator(_ text: Substring) -> Substring.Index? {
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        var inQuotes = false
        while index < scalars.endIndex {
            switch scalars[index] {
            case "\"": inQuotes.toggle()
            case "\\":
                index = scalars.index(after: index)
                if index == scalars.endIndex { return nil }
            case ":" where !inQuotes: return index
            default: break
            }
            index = scalars.index(after: index)
        }
        return nil
    }

    /// main.cf's white space, and LF (a line end inside a quoted value).
    static func isWhiteSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n" || scalar == "\u{0B}" || scalar == "\u{0C}"
    }

    /// `text` without white space (by scalar) at either end.
    static func trimmingWhiteSpace(_ text: Substring) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isWhiteSpace($0) }),
              let last = scalars.lastIndex(where: { !isWhiteSpace($0) })
        else { return "" }
        return String(Substring(scalars[first...last]))
    }

}
