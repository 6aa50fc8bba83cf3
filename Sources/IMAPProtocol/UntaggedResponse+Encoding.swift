import NIOCore

// MARK: - Encoding (RFC 9051 §7, §9 `response-data`)

extension UntaggedResponse {
    /// Writes `* ...` CRLF as `options` require; a RECENT response for an IMAP4rev2 session writes nothing
    /// (RFC 9051 appendix E: RECENT is gone from IMAP4rev2).
    public func write(into buffer: inout ByteBuffer, options: ResponseEncodingOptions) {
        if case .recent = self, options.revision == .imap4rev2 { return }
        buffer.writeStaticString("* ")
        writeBody(into: &buffer, options: options)
        buffer.writeStaticString("\r\n")
    }

    private func writeBody(into buffer: inout ByteBuffer, options: ResponseEncodingOptions) {
        switch self {
        case .condition(let status, let code, let text):
            buffer.writeString(status.rawValue + " ")
            ResponseStatus.writeText(code: code, text: text, into: &buffer)
        case .bye(let code, let text):
            buffer.writeStaticString("BYE ")
            ResponseStatus.writeText(code: code, text: text, into: &buffer)
        case .preauth(let code, let text):
            buffer.writeStaticString("PREAUTH ")
            ResponseStatus.writeText(code: code, text: text, into: &buffer)
        case .capability(let names): buffer.writeString((["CAPABILITY"] + names).joined(separator: " "))
        case .enabled(let names): buffer.writeString((["ENABLED"] + names).joined(separator: " "))
        case .flags(let flags):
            let sent = options.revision == .imap4rev2 ? flags.filter { $0 != .recent } : flags
            buffer.writeString("FLAGS (" + sent.map(\.description).joined(separator: " ") + ")")
        case .exists(let count): buffer.writeString("\(count) EXISTS")
        case .recent(let count): buffer.writeString("\(count) RECENT")
        case .expunge(let number): buffer.writeString("\(number) EXPUNGE")
        case .list(let item): item.write(verb: "LIST", into: &buffer, options: options)
        case .lsub(let item): item.write(verb: "LSUB", into: &buffer, options: options)
        case .status(let mailbox, let values):
            buffer.writeStaticString("STATUS ")
            Self.writeMailbox(mailbox, into: &buffer, options: options)
            let sent = options.revision == .imap4rev2 ? values.filter { $0.attribute != .recent } : values
            buffer.writeString(" (" + sent.map { "\($0.attribute.rawValue) \($0.value)" }.joined(separator: " ") + ")")
        case .search(let numbers): buffer.writeString((["SEARCH"] + numbers.map(String.init)).joined(separator: " "))
        case .esearch(let response): response.write(into: &buffer, options: options)
        case .namespace(let response): response.write(into: &buffer, options: options)
        case .id(let parameters):
            buffer.writeStaticString("ID ")
            guard let parameters, !parameters.isEmpty else {
                buffer.writeStaticString("NIL")
                return
            }
            buffer.writeInteger(UInt8(ascii: "("))
            for (index, parameter) in parameters.enumerated() {
                if index > 0 { buffer.writeInteger(UInt8(ascii: " ")) }
                IMAPString.writeString(Array(parameter.name.utf8), into: &buffer, style: options.stringStyle)
                buffer.writeInteger(UInt8(ascii: " "))
                IMAPString.writeNString(parameter.value.map { Array($0.utf8) }, into: &buffer, style: options.stringStyle)
            }
            buffer.writeInteger(UInt8(ascii: ")"))
        case .fetch(let number, let items):
            IMAPString.writeNumber(Int(number), into: &buffer)
            buffer.writeStaticString(" FETCH (")
            for (index, item) in items.enumerated() {
                if index > 0 { buffer.writeInteger(UInt8(ascii: " ")) }
                item.write(into: &buffer, options: options)
            }
            buffer.writeInteger(UInt8(ascii: ")"))
        }
    }

    /// A mailbox name in the session's encoding: `INBOX` as an atom, others quoted or as a literal.
    static func writeMailbox(_ name: String, into buffer: inout ByteBuffer, options: ResponseEncodingOptions) {
        let wire = MailboxName.encoding(name, utf8Names: options.usesUTF8)
        if wire.isInbox {
            buffer.writeStaticString("INBOX")
        } else {
            IMAPString.writeString(wire.bytes, into: &buffer, style: options.stringStyle)
        }
    }

    /// A hierarchy delimiter: `"/"`, `"\\"`, or NIL.
    static func writeDelimiter(_ delimiter: Character?, into buffer: inout ByteBuffer) {
        guard let delimiter else {
            buffer.writeStaticString("NIL")
            return
        }
        IMAPString.writeString(Array(String(delimiter).utf8), into: &buffer, style: .response)
    }
}

extension MailboxListItem {
    /// `LIST (attributes) "/" name` and the extended data (`("CHILDINFO" ("SUBSCRIBED"))`).
    func write(verb: String, into buffer: inout ByteBuffer, options: ResponseEncodingOptions) {
        buffer.writeString("\(verb) (" + attributes.map(\.description).joined(separator: " ") + ") ")
        UntaggedResponse.writeDelimiter(delimiter, into: &buffer)
        buffer.writeInteger(UInt8(ascii: " "))
        UntaggedResponse.writeMailbox(name, into: &buffer, options: options)
        var extended: [String] = []
        if let childInfo {
            extended.append("\"CHILDINFO\" (" + childInfo.map { "\"\($0.rawValue)\"" }.joined(separator: " ") + ")")
        }
        if let oldName {
            var old = ByteBuffer()
            UntaggedResponse.writeMailbox(oldName, into: &old, options: options)
            extended.append("\"OLDNAME\" (" + String(buffer: old) + ")")
        }
        if !extended.isEmpty { buffer.writeString(" (" + extended.joined(separator: " ") + ")") }
    }
}

extension ESearchResponse {
    /// `ESEARCH (TAG "A282") UID MIN 2 COUNT 3`.
    func write(into buffer: inout ByteBuffer, options: ResponseEncodingOptions) {
        buffer.writeStaticString("ESEARCH")
        if let tag {
            buffer.writeStaticString(" (TAG ")
            IMAPString.writeString(Array(tag.utf8), into: &buffer, style: options.stringStyle)
            buffer.writeInteger(UInt8(ascii: ")"))
        }
        if byUID { buffer.writeStaticString(" UID") }
        if let min { buffer.writeString(" MIN \(min)") }
        if let max { buffer.writeString(" MAX \(max)") }
        if let all, !all.ranges.isEmpty { buffer.writeString(" ALL \(all)") }
        if let count { buffer.writeString(" COUNT \(count)") }
    }
}

extension NamespaceResponse {
    /// `NAMESPACE (("" "/")) NIL NIL`.
    func write(into buffer: inout ByteBuffer, options: ResponseEncodingOptions) {
        buffer.writeStaticString("NAMESPACE")
        for list in [personal, otherUsers, shared] {
            buffer.writeInteger(UInt8(ascii: " "))
            guard !list.isEmpty else {
                buffer.writeStaticString("NIL")
                continue
            }
            buffer.writeInteger(UInt8(ascii: "("))
            for description in list {
                buffer.writeInteger(UInt8(ascii: "("))
                IMAPString.writeString(MailboxName.encoding(description.prefix, utf8Names: options.usesUTF8).bytes,
                                       into: &buffer, style: options.stringStyle)
                buffer.writeInteger(UInt8(ascii: " "))
                UntaggedResponse.writeDelimiter(description.delimiter, into: &buffer)
                for item in description.extensions {
                    buffer.writeInteger(UInt8(ascii: " "))
                    IMAPString.writeString(Array(item.name.utf8), into: &buffer, style: options.stringStyle)
                    buffer.writeStaticString(" (")
                    for (index, value) in item.values.enumerated() {
                        if index > 0 { buffer.writeInteger(UInt8(ascii: " ")) }
                        IMAPString.writeString(Array(value.utf8), into: &buffer, style: options.stringStyle)
                    }
                    buffer.writeInteger(UInt8(ascii: ")"))
                }
                buffer.writeInteger(UInt8(ascii: ")"))
            }
            buffer.writeInteger(UInt8(ascii: ")"))
        }
    }
}
