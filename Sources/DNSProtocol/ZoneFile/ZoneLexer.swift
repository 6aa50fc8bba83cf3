/// Splits master-file text into logical lines (RFC 1035 §5.1, as BIND reads it).
///
/// Handles `;` comments outside quotes, parentheses that join lines, double-quoted strings and
/// backslash escapes. It works on UTF-8 octets, so any input is safe, and reads one entry at a
/// time so errors come out in file order.
struct ZoneLexer {
    private let bytes: [UInt8]
    private let file: String
    private var index = 0
    private var line = 1
    /// Where the current physical line starts, to spot a blank owner field.
    private var lineStart = 0

    init(text: String, file: String) {
        self.bytes = Array(text.utf8)
        self.file = file
    }

    /// The next non-empty entry, or `nil` at the end of the text.
    mutating func nextLine() throws(ZoneFileError) -> ZoneLogicalLine? {
        var tokens: [ZoneToken] = []
        var depth = 0
        var openLine = line
        var startLine = line
        var ownerIsBlank = false
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\n"):
                index += 1
                line += 1
                lineStart = index
                if depth > 0 { continue }
                if !tokens.isEmpty {
                    return ZoneLogicalLine(tokens: tokens, ownerIsBlank: ownerIsBlank, line: startLine, lastLine: line - 1)
                }
                startLine = line
                ownerIsBlank = false
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                // BIND: whitespace in the first column means "same owner as before".
                if index == lineStart && tokens.isEmpty && depth == 0 { ownerIsBlank = true }
                index += 1
            case UInt8(ascii: ";"):
                while index < bytes.count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
            case UInt8(ascii: "("):
                if depth == 0 { openLine = line }
                depth += 1
                index += 1
            case UInt8(ascii: ")"):
                guard depth > 0 else { throw error(.unbalancedParentheses, "unbalanced parenthesis: \")\" without \"(\"") }
                depth -= 1
                index += 1
            case UInt8(ascii: "\""):
                tokens.append(try quoted())
            default:
                tokens.append(try word())
            }
        }
        if depth > 0 {
            throw ZoneFileError(
                code: .unbalancedParentheses, file: file, line: openLine,
                message: "unbalanced parenthesis: \"(\" not closed before end of file")
        }
        return tokens.isEmpty ? nil : ZoneLogicalLine(tokens: tokens, ownerIsBlank: ownerIsBlank, line: startLine, lastLine: line)
    }

    /// An unquoted word: runs to whitespace, `;`, a parenthesis or a quote; `\x` never ends it.
    private mutating func word() throws(ZoneFileError) -> ZoneToken {
        let start = index
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"),
                UInt8(ascii: ";"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\""):
                return ZoneToken(bytes: Array(bytes[start..<index]), isQuoted: false, line: line)
            case UInt8(ascii: "\\"):
                try skipEscape()
            default:
                index += 1
            }
        }
        return ZoneToken(bytes: Array(bytes[start..<index]), isQuoted: false, line: line)
    }

    /// A double-quoted string; BIND does not let one span lines in a master file.
    private mutating func quoted() throws(ZoneFileError) -> ZoneToken {
        index += 1
        let start = index
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                let token = ZoneToken(bytes: Array(bytes[start..<index]), isQuoted: true, line: line)
                index += 1
                return token
            case UInt8(ascii: "\n"):
                throw error(.unterminatedString, "unterminated quoted string")
            case UInt8(ascii: "\\"):
                try skipEscape()
            default:
                index += 1
            }
        }
        throw error(.unterminatedString, "unterminated quoted string")
    }

    /// Steps over `\` and the octet it escapes; the digits of `\DDD` are ordinary octets here.
    private mutating func skipEscape() throws(ZoneFileError) {
        guard index + 1 < bytes.count, bytes[index + 1] != UInt8(ascii: "\n") else {
            throw error(.badEscape, "backslash at end of line")
        }
        index += 2
    }

    private func error(_ code: ZoneFileError.Code, _ message: String) -> ZoneFileError {
        ZoneFileError(code: code, file: file, line: line, message: message)
    }
}
