// MARK: - Mailbox commands: SELECT, CREATE, LIST, STATUS (RFC 9051 §6.3, RFC 4466, RFC 5258, RFC 6154)

extension GrammarCursor {
    // select = "SELECT" SP mailbox [SP "(" select-param *(SP select-param) ")"]    ; RFC 4466 §2.1
    // select-param = select-param-name [SP select-param-value]
    mutating func selectArguments() throws(GrammarError) -> (MailboxName, [ExtensionParameter]) {
        let mailbox = try mailboxArgument()
        guard take(UInt8(ascii: " ")) else { return (mailbox, []) }
        let parameters = try parenthesised { (cursor: inout GrammarCursor) throws(GrammarError) in
            let name = try cursor.taggedExtensionLabel()
            guard cursor.peek == UInt8(ascii: " "), cursor.peek(at: 1) != UInt8(ascii: ")") else {
                return ExtensionParameter(name: name)
            }
            // A space is followed by the value, or by the next parameter's label.
            var probe = cursor
            probe.index += 1
            if let first = probe.peek, first.isASCIILetter || first == UInt8(ascii: "-") || first == UInt8(ascii: "_") {
                return ExtensionParameter(name: name)
            }
            cursor.index += 1
            return ExtensionParameter(name: name, value: try cursor.nested { (c: inout GrammarCursor) throws(GrammarError) in
                try c.taggedExtensionValue()
            })
        }
        return (mailbox, parameters)
    }

    // tagged-ext-label = tagged-label-fchar *tagged-label-char
    // tagged-label-fchar = ALPHA / "-" / "_" / "." ; tagged-label-char = tagged-label-fchar / DIGIT / ":"
    mutating func taggedExtensionLabel() throws(GrammarError) -> String {
        guard let first = peek else { throw .incomplete }
        guard first.isASCIILetter || first == UInt8(ascii: "-") || first == UInt8(ascii: "_") || first == UInt8(ascii: ".")
        else { throw .invalid("Invalid parameter name") }
        let run = take {
            $0.isASCIILetter || $0.isASCIIDigit || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
                || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ":")
        }
        return String(decoding: run, as: UTF8.self)
    }

    // tagged-ext-val    = tagged-ext-simple / "(" [tagged-ext-comp] ")"
    // tagged-ext-simple = sequence-set / number / number64
    // tagged-ext-comp   = astring / tagged-ext-comp *(SP tagged-ext-comp) / "(" tagged-ext-comp ")"
    mutating func taggedExtensionValue() throws(GrammarError) -> ExtensionValue {
        if peek == UInt8(ascii: "(") {
            return .list(try parenthesised({ (c: inout GrammarCursor) throws(GrammarError) in try c.taggedExtensionComponent() },
                                           allowEmpty: true))
        }
        let start = self
        let set = try sequenceSet()
        if case .ranges(let ranges) = set, ranges.count == 1, ranges[0].isSingle, case .number = ranges[0].first {
            self = start
            return .number(try number64())
        }
        return .sequenceSet(set)
    }

    private mutating func taggedExtensionComponent() throws(GrammarError) -> ExtensionValue {
        guard peek == UInt8(ascii: "(") else { return .string(try astring()) }
        return try nested { (c: inout GrammarCursor) throws(GrammarError) in
            .list(try c.parenthesised({ (i: inout GrammarCursor) throws(GrammarError) in try i.taggedExtensionComponent() },
                                      allowEmpty: true))
        }
    }

    // create = "CREATE" SP mailbox [SP "(" create-param *(SP create-param) ")"]    ; RFC 4466 §2.2
    // create-param = "USE" SP "(" [use-attr *(SP use-attr)] ")"                   ; RFC 6154 §6
    mutating func createArguments() throws(GrammarError) -> IMAPCommand {
        let mailbox = try mailboxArgument()
        guard take(UInt8(ascii: " ")) else { return .create(mailbox, specialUse: []) }
        let lists = try parenthesised { (cursor: inout GrammarCursor) throws(GrammarError) in
            guard cursor.takeWord("USE") else { throw .invalid("Unknown CREATE parameter") }
            try cursor.space()
            return try cursor.parenthesised({ (c: inout GrammarCursor) throws(GrammarError) in
                try c.expect(UInt8(ascii: "\\"), "Expected a special-use attribute")
                let attribute = MailboxAttribute(name: String(decoding: try c.atom("Invalid attribute"), as: UTF8.self))
                guard attribute.isSpecialUse else { throw .invalid("Not a special-use attribute") }
                return attribute
            }, allowEmpty: true)
        }
        return .create(mailbox, specialUse: lists.flatMap { $0 })
    }

    // status = "STATUS" SP mailbox SP "(" status-att *(SP status-att) ")"
    mutating func statusArguments() throws(GrammarError) -> IMAPCommand {
        let mailbox = try mailboxArgument()
        try space()
        return .status(mailbox, try statusAttributes())
    }

    /// `"(" status-att *(SP status-att) ")"`.
    private mutating func statusAttributes() throws(GrammarError) -> [StatusAttribute] {
        try parenthesised { (cursor: inout GrammarCursor) throws(GrammarError) in
            let word = GrammarCursor.keyword(try cursor.atom("Invalid STATUS item"))
            guard let attribute = StatusAttribute(rawValue: word) else { throw .invalid("Unknown STATUS item") }
            return attribute
        }
    }

    // list = "LIST" [SP list-select-opts] SP mailbox SP mbox-or-pat [SP list-return-opts]
    mutating func listArguments() throws(GrammarError) -> ListCommand {
        try space()
        var selection: [ListCommand.SelectionOption] = []
        var extended = false
        if peek == UInt8(ascii: "(") {
            extended = true
            selection = try parenthesised({ (cursor: inout GrammarCursor) throws(GrammarError) in
                let word = GrammarCursor.keyword(try cursor.atom("Invalid LIST option"))
                guard let option = ListCommand.SelectionOption(rawValue: word) else {
                    throw .invalid("Unknown LIST selection option")
                }
                return option
            }, allowEmpty: true)
            try space()
            // RFC 5258 §3.1: RECURSIVEMATCH needs a base option (SUBSCRIBED, or SPECIAL-USE, RFC 6154 §5.1).
            if selection.contains(.recursiveMatch), !selection.contains(.subscribed), !selection.contains(.specialUse) {
                throw .invalid("RECURSIVEMATCH needs another selection option")
            }
        }
        let reference = try mailbox()
        try space()
        let patterns: [MailboxName]
        if peek == UInt8(ascii: "(") {
            extended = true
            patterns = try parenthesised { (cursor: inout GrammarCursor) throws(GrammarError) in try cursor.listMailbox() }
        } else {
            patterns = [try listMailbox()]
        }
        var returns: [ListCommand.ReturnOption] = []
        if take(UInt8(ascii: " ")) {
            guard takeWord("RETURN") else { throw .invalid("Expected RETURN") }
            extended = true
            try space()
            returns = try parenthesised({ (cursor: inout GrammarCursor) throws(GrammarError) in try cursor.listReturnOption() },
                                        allowEmpty: true)
        }
        return ListCommand(selectionOptions: selection, reference: reference, patterns: patterns,
                           returnOptions: returns, isExtended: extended)
    }

    // return-option = "SUBSCRIBED" / "CHILDREN" / "SPECIAL-USE" / "STATUS" SP "(" status-att *(SP status-att) ")"
    private mutating func listReturnOption() throws(GrammarError) -> ListCommand.ReturnOption {
        switch GrammarCursor.keyword(try atom("Invalid RETURN option")) {
        case "SUBSCRIBED": return .subscribed
        case "CHILDREN": return .children
        case "SPECIAL-USE": return .specialUse
        case "STATUS":
            try space()
            return .status(try statusAttributes())
        default: throw .invalid("Unknown LIST return option")
        }
    }
}
