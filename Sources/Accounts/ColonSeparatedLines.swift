/// The line format shared by /etc/passwd, /etc/shadow (passwd(5), shadow(5)) and Dovecot's passwd-file:
/// one record a line, fields separated by `:`, and (in passwd-file) `#` comments and blank lines.
enum ColonSeparatedLines {
    /// The file's lines, without their terminators; a CRLF file reads like an LF one.
    static func lines(of text: String) -> [Substring] {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        // A final newline ends the last line rather than starting an empty one.
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// The fields of a record line; `nil` for a blank line or a `#` comment.
    static func fields(of line: Substring) -> [Substring]? {
        let trimmed = line.drop(while: \.isWhitespace)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return nil }
        return line.split(separator: ":", omittingEmptySubsequences: false)
    }

    /// Every record of `text`, comments and blank lines skipped.
    static func records(of text: String) -> [[Substring]] {
        lines(of: text).compactMap(fields(of:))
    }
}
