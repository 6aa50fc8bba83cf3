// MARK: - SEARCH (RFC 9051 §6.4.4, RFC 3501 §6.4.4, ESEARCH RFC 4731 §3.1, SEARCHRES RFC 5182 §2)

extension GrammarCursor {
    // search             = "SEARCH" [search-return-opts] SP search-program
    // search-return-opts = SP "RETURN" SP "(" [search-return-opt *(SP search-return-opt)] ")"
    // search-program     = ["CHARSET" SP charset SP] search-key *(SP search-key)
    // charset            = atom / quoted
    mutating func searchArguments() throws(GrammarError) -> SearchCommand {
        try space()
        var returnOptions: [SearchReturnOption]?
        if takeWord("RETURN") {
            try space()
            returnOptions = try parenthesised({ (cursor: inout GrammarCursor) throws(GrammarError) in
                let word = GrammarCursor.keyword(try cursor.atom("Invalid RETURN option"))
                guard let option = SearchReturnOption(rawValue: word) else { throw .invalid("Unknown RETURN option") }
                return option
            }, allowEmpty: true)
            try space()
        }
        var charset: String?
        if takeWord("CHARSET") {
            try space()
            let name = peek == UInt8(ascii: "\"") ? try quoted() : Array(try atom("Invalid charset"))
            charset = try Self.text(name, "Invalid charset")
            try space()
        }
        var criteria = [try searchKey()]
        while take(UInt8(ascii: " ")) {
            criteria.append(try searchKey())
        }
        return SearchCommand(returnOptions: returnOptions, charset: charset, criteria: criteria)
    }

    // search-key = "ALL" / "ANSWERED" / "BCC" SP astring / ... / sequence-set / "(" search-key *(SP search-key) ")"
    mutating func searchKey() throws(GrammarError) -> SearchKey {
        guard let first = peek else { throw .incomplete }
        if first == UInt8(ascii: "(") {
            return .and(try nested { (cursor: inout GrammarCursor) throws(GrammarError) in
                try cursor.parenthesised { (inner: inout GrammarCursor) throws(GrammarError) in try inner.searchKey() }
            })
        }
        if first.isASCIIDigit || first == UInt8(ascii: "*") || first == UInt8(ascii: "$") {
            return .sequenceSet(try sequenceSet())
        }
        let word = GrammarCursor.keyword(try atom("Invalid search key"))
        if let key = Self.searchFlagKeys[word] { return key }
        guard Self.searchArgumentKeys.contains(word) else { throw .invalid("Unknown search key") }
        try space()
        switch word {
        case "BCC": return .bcc(try astring())
        case "BODY": return .body(try astring())
        case "CC": return .cc(try astring())
        case "FROM": return .from(try astring())
        case "SUBJECT": return .subject(try astring())
        case "TEXT": return .text(try astring())
        case "TO": return .to(try astring())
        case "HEADER":
            let field = try headerFieldName()
            try space()
            return .header(field, try astring())
        case "KEYWORD": return .keyword(String(decoding: try atom("Invalid keyword"), as: UTF8.self))
        case "UNKEYWORD": return .unkeyword(String(decoding: try atom("Invalid keyword"), as: UTF8.self))
        case "BEFORE": return .before(try date())
        case "ON": return .on(try date())
        case "SINCE": return .since(try date())
        case "SENTBEFORE": return .sentBefore(try date())
        case "SENTON": return .sentOn(try date())
        case "SENTSINCE": return .sentSince(try date())
        case "LARGER": return .larger(try number64())
        case "SMALLER": return .smaller(try number64())
        case "UID": return .uid(try sequenceSet())
        case "NOT":
            return .not(try nested { (cursor: inout GrammarCursor) throws(GrammarError) in try cursor.searchKey() })
        case "OR":
            return try nested { (cursor: inout GrammarCursor) throws(GrammarError) in
                let first = try cursor.searchKey()
                try cursor.space()
                return .or(first, try cursor.searchKey())
            }
        default:
            throw .invalid("Unknown search key")
        }
    }

    /// The keys followed by an argument.
    private static let searchArgumentKeys: Set<String> = [
        "BCC", "BODY", "CC", "FROM", "SUBJECT", "TEXT", "TO", "HEADER", "KEYWORD", "UNKEYWORD", "BEFORE", "ON",
        "SINCE", "SENTBEFORE", "SENTON", "SENTSINCE", "LARGER", "SMALLER", "UID", "NOT", "OR",
    ]

    /// The keys without arguments.
    private static let searchFlagKeys: [String: SearchKey] = [
        "ALL": .all, "ANSWERED": .answered, "DELETED": .deleted, "DRAFT": .draft, "FLAGGED": .flagged,
        "SEEN": .seen, "UNANSWERED": .unanswered, "UNDELETED": .undeleted, "UNDRAFT": .undraft,
        "UNFLAGGED": .unflagged, "UNSEEN": .unseen, "NEW": .new, "OLD": .old, "RECENT": .recent,
    ]

    // header-fld-name = astring ; held to RFC 5322's field-name = 1*ftext, ftext = %d33-57 / %d59-126,
    // so a name is printable ASCII without ":" and can be written back as an atom or quoted string.
    mutating func headerFieldName() throws(GrammarError) -> String {
        let name = try astring("Expected a header field name")
        guard !name.isEmpty, name.allSatisfy({ (33...126).contains($0) && $0 != UInt8(ascii: ":") }) else {
            throw .invalid("Invalid header field name")
        }
        return String(decoding: name, as: UTF8.self)
    }
}
