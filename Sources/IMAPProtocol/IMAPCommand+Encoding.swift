import NIOCore

// MARK: - Encoding (RFC 9051 §9 `command`)

extension TaggedCommand {
    /// The command as a client sends it in one piece, CRLF included: strings that are not atoms are
    /// quoted, or non-synchronizing literals `{n+}` (RFC 7888) when they cannot be quoted. Parsing the
    /// result gives this command back; the tests and the fuzzer rely on that.
    public func write(into buffer: inout ByteBuffer) {
        buffer.writeString(tag + " ")
        command.write(into: &buffer)
        buffer.writeStaticString("\r\n")
    }
}

extension IMAPCommand {
    func write(into buffer: inout ByteBuffer) {
        switch self {
        case .capability: buffer.writeStaticString("CAPABILITY")
        case .noop: buffer.writeStaticString("NOOP")
        case .logout: buffer.writeStaticString("LOGOUT")
        case .startTLS: buffer.writeStaticString("STARTTLS")
        case .namespace: buffer.writeStaticString("NAMESPACE")
        case .idle: buffer.writeStaticString("IDLE")
        case .check: buffer.writeStaticString("CHECK")
        case .close: buffer.writeStaticString("CLOSE")
        case .unselect: buffer.writeStaticString("UNSELECT")
        case .expunge: buffer.writeStaticString("EXPUNGE")
        case .id(let parameters):
            buffer.writeStaticString("ID ")
            guard let parameters else {
                buffer.writeStaticString("NIL")
                return
            }
            buffer.writeList(parameters) { buffer, parameter in
                IMAPString.writeString(Array(parameter.name.utf8), into: &buffer, style: .command)
                buffer.writeInteger(UInt8(ascii: " "))
                IMAPString.writeNString(parameter.value.map { Array($0.utf8) }, into: &buffer, style: .command)
            }
        case .authenticate(let mechanism, let response):
            buffer.writeString("AUTHENTICATE " + mechanism + (response.map { " " + $0 } ?? ""))
        case .login(let user, let password):
            buffer.writeStaticString("LOGIN ")
            IMAPString.writeAstring(Array(user.utf8), into: &buffer, style: .command)
            buffer.writeInteger(UInt8(ascii: " "))
            IMAPString.writeAstring(Array(password.utf8), into: &buffer, style: .command)
        case .enable(let names): buffer.writeString((["ENABLE"] + names).joined(separator: " "))
        case .select(let mailbox, let parameters), .examine(let mailbox, let parameters):
            buffer.writeString(self.isSelect ? "SELECT " : "EXAMINE ")
            buffer.writeMailbox(mailbox)
            if !parameters.isEmpty {
                buffer.writeInteger(UInt8(ascii: " "))
                buffer.writeList(parameters) { buffer, parameter in parameter.write(into: &buffer) }
            }
        case .create(let mailbox, let specialUse):
            buffer.writeStaticString("CREATE ")
            buffer.writeMailbox(mailbox)
            if !specialUse.isEmpty { buffer.writeString(" (USE (" + specialUse.map(\.description).joined(separator: " ") + "))") }
        case .delete(let mailbox): buffer.writeVerb("DELETE", mailbox)
        case .subscribe(let mailbox): buffer.writeVerb("SUBSCRIBE", mailbox)
        case .unsubscribe(let mailbox): buffer.writeVerb("UNSUBSCRIBE", mailbox)
        case .rename(let from, let to):
            buffer.writeVerb("RENAME", from)
            buffer.writeInteger(UInt8(ascii: " "))
            buffer.writeMailbox(to)
        case .list(let list): list.write(into: &buffer)
        case .lsub(let reference, let pattern):
            buffer.writeVerb("LSUB", reference)
            buffer.writeInteger(UInt8(ascii: " "))
            buffer.writePattern(pattern)
        case .status(let mailbox, let attributes):
            buffer.writeVerb("STATUS", mailbox)
            buffer.writeString(" (" + attributes.map(\.rawValue).joined(separator: " ") + ")")
        case .uidExpunge(let set): buffer.writeString("UID EXPUNGE \(set)")
        case .search(let search, let byUID):
            buffer.writeString(byUID ? "UID SEARCH" : "SEARCH")
            search.write(into: &buffer)
        case .fetch(let fetch):
            buffer.writeString((fetch.byUID ? "UID FETCH " : "FETCH ") + "\(fetch.sequence) (")
            buffer.writeString(fetch.attributes.map(\.description).joined(separator: " ") + ")")
        case .store(let store):
            buffer.writeString((store.byUID ? "UID STORE " : "STORE ") + "\(store.sequence) \(store.operation)")
            buffer.writeString((store.silent ? ".SILENT" : "") + " (" + store.flags.map(\.description).joined(separator: " ") + ")")
        case .copy(let set, let mailbox, let byUID), .move(let set, let mailbox, let byUID):
            let verb = if case .copy = self { "COPY" } else { "MOVE" }
            buffer.writeString((byUID ? "UID " : "") + verb + " \(set) ")
            buffer.writeMailbox(mailbox)
        }
    }

    private var isSelect: Bool {
        if case .select = self { true } else { false }
    }
}

extension ListCommand {
    /// An extended LIST always writes its selection options, even `()`, so it reads back as extended.
    func write(into buffer: inout ByteBuffer) {
        buffer.writeStaticString("LIST ")
        if isExtended { buffer.writeString("(" + selectionOptions.map(\.rawValue).joined(separator: " ") + ") ") }
        buffer.writeMailbox(reference)
        buffer.writeInteger(UInt8(ascii: " "))
        if patterns.count == 1 {
            buffer.writePattern(patterns[0])
        } else {
            buffer.writeList(patterns) { buffer, pattern in buffer.writePattern(pattern) }
        }
        guard !returnOptions.isEmpty else { return }
        buffer.writeStaticString(" RETURN ")
        buffer.writeList(returnOptions) { buffer, option in
            switch option {
            case .subscribed: buffer.writeStaticString("SUBSCRIBED")
            case .children: buffer.writeStaticString("CHILDREN")
            case .specialUse: buffer.writeStaticString("SPECIAL-USE")
            case .status(let attributes):
                buffer.writeString("STATUS (" + attributes.map(\.rawValue).joined(separator: " ") + ")")
            }
        }
    }
}

extension ExtensionParameter {
    func write(into buffer: inout ByteBuffer) {
        buffer.writeString(name)
        guard let value else { return }
        buffer.writeInteger(UInt8(ascii: " "))
        value.write(into: &buffer)
    }
}

extension ExtensionValue {
    func write(into buffer: inout ByteBuffer) {
        switch self {
        case .number(let number): buffer.writeString(String(number))
        case .sequenceSet(let set): buffer.writeString(set.description)
        case .string(let bytes): IMAPString.writeAstring(bytes, into: &buffer, style: .command)
        case .list(let items): buffer.writeList(items) { buffer, item in item.write(into: &buffer) }
        }
    }
}

extension ByteBuffer {
    /// `(item item ...)`.
    mutating func writeList<T>(_ items: [T], _ write: (inout ByteBuffer, T) -> Void) {
        writeInteger(UInt8(ascii: "("))
        for (index, item) in items.enumerated() {
            if index > 0 { writeInteger(UInt8(ascii: " ")) }
            write(&self, item)
        }
        writeInteger(UInt8(ascii: ")"))
    }

    mutating func writeMailbox(_ mailbox: MailboxName) {
        IMAPString.writeAstring(mailbox.bytes, into: &self, style: .command)
    }

    /// `list-mailbox`: `%` and `*` need no quotes.
    mutating func writePattern(_ pattern: MailboxName) {
        if !pattern.bytes.isEmpty, pattern.bytes.allSatisfy(IMAPString.isListChar) {
            writeBytes(pattern.bytes)
        } else {
            IMAPString.writeString(pattern.bytes, into: &self, style: .command)
        }
    }

    mutating func writeVerb(_ verb: String, _ mailbox: MailboxName) {
        writeString(verb + " ")
        writeMailbox(mailbox)
    }
}
