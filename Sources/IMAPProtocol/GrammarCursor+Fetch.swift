// MARK: - FETCH (RFC 9051 §6.4.5, RFC 3501 §6.4.5, BINARY RFC 3516 §4.2)

extension GrammarCursor {
    // fetch = "FETCH" SP sequence-set SP ("ALL" / "FULL" / "FAST" / fetch-att / "(" fetch-att *(SP fetch-att) ")")
    mutating func fetchArguments(byUID: Bool) throws(GrammarError) -> FetchCommand {
        try space()
        let sequence = try sequenceSet()
        try space()
        let attributes: [FetchAttribute]
        if peek == UInt8(ascii: "(") {
            attributes = try parenthesised { (cursor: inout GrammarCursor) throws(GrammarError) in try cursor.fetchAttribute() }
        } else if takeWord("ALL") {
            attributes = FetchAttribute.allMacro
        } else if takeWord("FAST") {
            attributes = FetchAttribute.fastMacro
        } else if takeWord("FULL") {
            attributes = FetchAttribute.fullMacro
        } else {
            attributes = [try fetchAttribute()]
        }
        return FetchCommand(sequence: sequence, attributes: attributes, byUID: byUID)
    }

    // fetch-att = "ENVELOPE" / "FLAGS" / "INTERNALDATE" / "RFC822.SIZE" / "BODY" ["STRUCTURE"] / "UID" /
    //             "BODY" section [partial] / "BODY.PEEK" section [partial] /
    //             "BINARY" [".PEEK"] section-binary [partial] / "BINARY.SIZE" section-binary /
    //             "RFC822" / "RFC822.HEADER" / "RFC822.TEXT"                              ; RFC 3501
    mutating func fetchAttribute() throws(GrammarError) -> FetchAttribute {
        let name = take { $0.isASCIILetter || $0.isASCIIDigit || $0 == UInt8(ascii: ".") }
        guard !name.isEmpty else { throw isAtEnd ? .incomplete : .invalid("Invalid FETCH item") }
        let word = GrammarCursor.keyword(name)
        let bracket = peek == UInt8(ascii: "[")
        switch (word, bracket) {
        case ("ENVELOPE", false): return .envelope
        case ("FLAGS", false): return .flags
        case ("INTERNALDATE", false): return .internalDate
        case ("RFC822.SIZE", false): return .rfc822Size
        case ("BODY", false): return .body
        case ("BODYSTRUCTURE", false): return .bodyStructure
        case ("UID", false): return .uid
        case ("RFC822", false): return .rfc822
        case ("RFC822.HEADER", false): return .rfc822Header
        case ("RFC822.TEXT", false): return .rfc822Text
        case ("BODY", true), ("BODY.PEEK", true):
            let section = try section()
            return .bodySection(section, partial: try optionalPartial(), peek: word == "BODY.PEEK")
        case ("BINARY", true), ("BINARY.PEEK", true):
            let part = try binarySection()
            return .binary(part: part, partial: try optionalPartial(), peek: word == "BINARY.PEEK")
        case ("BINARY.SIZE", true):
            return .binarySize(part: try binarySection())
        default:
            throw .invalid("Invalid FETCH item")
        }
    }

    // section         = "[" [section-spec] "]"
    // section-spec    = section-msgtext / (section-part ["." section-text])
    // section-msgtext = "HEADER" / "HEADER.FIELDS" [".NOT"] SP header-list / "TEXT"
    // section-text    = section-msgtext / "MIME"
    mutating func section() throws(GrammarError) -> SectionSpecifier {
        try expect(UInt8(ascii: "["), "Expected [")
        var part: [Int] = []
        var kind = SectionSpecifier.Kind.complete
        if peek?.isASCIIDigit == true {
            part = try sectionPart()
            if take(UInt8(ascii: ".")) { kind = try sectionText(allowMIME: true) }
        } else if peek != UInt8(ascii: "]") {
            kind = try sectionText(allowMIME: false)
        }
        try expect(UInt8(ascii: "]"), "Expected ] after the section")
        guard let section = SectionSpecifier(part: part, kind: kind) else { throw .invalid("Invalid section") }
        return section
    }

    // section-part = nz-number *("." nz-number)   (a "." before a letter starts section-text)
    private mutating func sectionPart() throws(GrammarError) -> [Int] {
        var part = [Int(try nzNumber())]
        while peek == UInt8(ascii: "."), peek(at: 1)?.isASCIIDigit == true {
            index += 1
            part.append(Int(try nzNumber()))
        }
        return part
    }

    private mutating func sectionText(allowMIME: Bool) throws(GrammarError) -> SectionSpecifier.Kind {
        let word = GrammarCursor.keyword(take { $0.isASCIILetter || $0 == UInt8(ascii: ".") })
        switch word {
        case "HEADER": return .header
        case "TEXT": return .text
        case "MIME" where allowMIME: return .mime
        case "HEADER.FIELDS", "HEADER.FIELDS.NOT":
            try space()
            let fields = try parenthesised { (cursor: inout GrammarCursor) throws(GrammarError) in try cursor.headerFieldName() }
            return word == "HEADER.FIELDS" ? .headerFields(fields) : .headerFieldsNot(fields)
        case "" where isAtEnd: throw .incomplete
        default: throw .invalid("Invalid section")
        }
    }

    // section-binary = "[" [section-part] "]"
    private mutating func binarySection() throws(GrammarError) -> [Int] {
        try expect(UInt8(ascii: "["), "Expected [")
        let part = peek == UInt8(ascii: "]") ? [] : try sectionPart()
        try expect(UInt8(ascii: "]"), "Expected ] after the section")
        return part
    }

    // partial = "<" number64 "." nz-number64 ">"
    private mutating func optionalPartial() throws(GrammarError) -> Partial? {
        guard take(UInt8(ascii: "<")) else { return nil }
        let offset = try number64()
        try expect(UInt8(ascii: "."), "Invalid partial range")
        let length = try nzNumber64()
        try expect(UInt8(ascii: ">"), "Invalid partial range")
        return Partial(offset: offset, length: length)
    }
}
