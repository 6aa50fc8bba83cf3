extension ZoneFileLoader {
    /// `$TTL` (RFC 2308 §4), `$ORIGIN` and `$INCLUDE` (RFC 1035 §5.1). BIND's `$GENERATE` is
    /// refused rather than ignored, so a zone never loads with records silently missing.
    mutating func directive(_ line: ZoneLogicalLine, file: String, origin: inout DNSName, owner: DNSName?)
        throws(ZoneFileError)
    {
        var cursor = ZoneTokenCursor(line, file: file)
        let keyword = try cursor.next("directive")
        switch keyword.text.uppercased() {
        case "$TTL":
            defaultTTL = try cursor.time("TTL", limit: ZoneTokenCursor.maximumTTL)
            try cursor.expectEnd(after: "$TTL value")
        case "$ORIGIN":
            origin = try cursor.name("$ORIGIN name", origin: origin)
            try cursor.expectEnd(after: "$ORIGIN name")
        case "$INCLUDE":
            let pathToken = try cursor.next("$INCLUDE file name")
            let pathOctets = try cursor.characterString(from: pathToken, what: "$INCLUDE file name", limit: nil)
            // The path ends up in "FILE:LINE:" prefixes, which must stay on one line.
            guard !pathOctets.isEmpty, !pathOctets.contains(where: { $0 < 0x20 || $0 == 0x7f }) else {
                throw cursor.error(
                    .includeFailed, "$INCLUDE file name \(pathToken.quotedForMessage) is empty or has control characters",
                    at: pathToken)
            }
            let path = String(decoding: pathOctets, as: UTF8.self)
            var includeOrigin = origin
            if let originToken = cursor.nextIfAny() {
                includeOrigin = try cursor.name(from: originToken, origin: origin)
            }
            try cursor.expectEnd(after: "$INCLUDE origin")
            try includeFile(path, token: pathToken, file: file, origin: includeOrigin, owner: owner)
        case "$GENERATE":
            throw cursor.error(.unknownDirective, "$GENERATE is not supported", at: keyword)
        default:
            throw cursor.error(.unknownDirective, "unknown directive \(keyword.quotedForMessage)", at: keyword)
        }
    }

    private mutating func includeFile(_ path: String, token: ZoneToken, file: String, origin: DNSName, owner: DNSName?)
        throws(ZoneFileError)
    {
        func fail(_ code: ZoneFileError.Code, _ message: String) -> ZoneFileError {
            ZoneFileError(code: code, file: file, line: token.line, message: message)
        }
        guard let include else {
            throw fail(.includeFailed, "$INCLUDE \(token.quotedForMessage) is not allowed here")
        }
        if openFiles.contains(path) {
            let chain = (openFiles.drop { $0 != path } + [path]).map { "\"\($0)\"" }.joined(separator: " -> ")
            throw fail(.includeCycle, "$INCLUDE cycle: \(chain)")
        }
        guard openFiles.count <= maximumIncludeDepth else {
            throw fail(.includeFailed, "$INCLUDE nested more than \(maximumIncludeDepth) deep")
        }
        let text: String
        do {
            text = try include(path)
        } catch {
            // One line, whatever the loader's error prints.
            let reason = "\(error)".map { $0.isNewline ? " " : $0 }
            throw fail(.includeFailed, "cannot include \(token.quotedForMessage): \(String(reason))")
        }
        try load(text: text, file: path, origin: origin, owner: owner)
    }
}
