/// One destination on the right-hand side of an aliases(5) entry or in an `:include:` file,
/// in Postfix's internal (unquoted) form, classified as local(8) `deliver_token()` does.
///
/// aliases(5): "`address` — mail is forwarded to address"; "`/file/name` — mail is appended to
/// /file/name"; "`|command` — mail is piped into command"; "`:include:/file/name` — mail is sent to
/// the destinations listed in the named file". A `~/file` destination (relative to the recipient's
/// home) is kept as a `.file` too. mailroom does not deliver to programs or files yet; the parser keeps
/// them so that the caller can refuse them with a reason instead of mangling them into addresses.
public enum AliasValue: Hashable, Sendable, CustomStringConvertible {
    /// A local name (`root`) or a full address (`user@example.test`), quotes removed.
    case address(String)
    /// `:include:/path`: an absolute path to a file holding more destinations.
    case include(String)
    /// `|command`: the command line after the `|`, kept verbatim.
    case program(String)
    /// `/file/path` or `~/file/path`: a file the message would be appended to.
    case file(String)

    /// The value as it could be written back into an aliases file.
    public var description: String {
        switch self {
        case .address(let text): AliasValue.quotedIfNeeded(text)
        case .include(let path): ":include:" + AliasValue.quotedIfNeeded(path)
        case .program(let command): AliasValue.quoted("|" + command)
        case .file(let path): AliasValue.quotedIfNeeded(path)
        }
    }

    /// Quoted when it has a separator, a quote or an escape, or starts with `#` (at the start of a line,
    /// in an include file or a continuation line, it would read as a comment).
    private static func quotedIfNeeded(_ text: String) -> String {
        let scalars = text.unicodeScalars
        let needsQuotes = scalars.first == "#"
            || scalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\\" || AliasSyntax.isWhiteSpace($0) })
        return needsQuotes ? quoted(text) : text
    }

    /// `text` in double quotes, `"` and `\` escaped (by scalar, as ``AliasSyntax`` reads them).
    static func quoted(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        result.append("\"")
        for scalar in text.unicodeScalars {
            if scalar == "\"" || scalar == "\\" { result.append("\\") }
            result.append(scalar)
        }
        result.append("\"")
        return String(result)
    }
}
