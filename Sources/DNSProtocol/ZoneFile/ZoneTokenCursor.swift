/// Walks the tokens of one logical line, turning each field into a value or a located error.
///
/// Every error names the line of the token at fault; a missing field is reported on the
/// entry's last line, where `named-checkzone` would notice it too.
struct ZoneTokenCursor {
    private let tokens: [ZoneToken]
    private var position = 0
    /// The file name used in errors.
    let file: String
    /// The entry's last line, for errors about missing fields.
    let lastLine: Int

    init(_ line: ZoneLogicalLine, file: String) {
        self.tokens = line.tokens
        self.file = file
        self.lastLine = line.lastLine
    }

    /// True when every token has been consumed.
    var isAtEnd: Bool { position >= tokens.count }

    /// The next token without consuming it.
    func peek() -> ZoneToken? {
        position < tokens.count ? tokens[position] : nil
    }

    /// Consumes the next token; `what` names the field for the "missing" error.
    mutating func next(_ what: String) throws(ZoneFileError) -> ZoneToken {
        guard position < tokens.count else {
            throw ZoneFileError(code: .missingField, file: file, line: lastLine, message: "missing \(what)")
        }
        defer { position += 1 }
        return tokens[position]
    }

    /// Consumes the next token if there is one.
    mutating func nextIfAny() -> ZoneToken? {
        guard position < tokens.count else { return nil }
        defer { position += 1 }
        return tokens[position]
    }

    /// Fails when tokens remain after `what` is complete (BIND: "extra input text").
    func expectEnd(after what: String) throws(ZoneFileError) {
        if let extra = peek() {
            throw error(.extraField, "unexpected \(extra.quotedForMessage) after \(what)", at: extra)
        }
    }

    /// An error located at `token`.
    func error(_ code: ZoneFileError.Code, _ message: String, at token: ZoneToken) -> ZoneFileError {
        ZoneFileError(code: code, file: file, line: token.line, message: message)
    }
}
