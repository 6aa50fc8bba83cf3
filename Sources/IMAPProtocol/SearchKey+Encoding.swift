import NIOCore

// MARK: - Encoding (RFC 9051 §9 `search`, `search-key`)

extension SearchCommand {
    /// ` RETURN (...) CHARSET x key key`, each part after a space.
    func write(into buffer: inout ByteBuffer) {
        if let returnOptions { buffer.writeString(" RETURN (" + returnOptions.map(\.rawValue).joined(separator: " ") + ")") }
        if let charset { buffer.writeString(" CHARSET " + IMAPString.charsetText(charset)) }
        for key in criteria {
            buffer.writeInteger(UInt8(ascii: " "))
            key.write(into: &buffer)
        }
    }
}

extension SearchKey {
    func write(into buffer: inout ByteBuffer) {
        switch self {
        case .all: buffer.writeStaticString("ALL")
        case .answered: buffer.writeStaticString("ANSWERED")
        case .deleted: buffer.writeStaticString("DELETED")
        case .draft: buffer.writeStaticString("DRAFT")
        case .flagged: buffer.writeStaticString("FLAGGED")
        case .seen: buffer.writeStaticString("SEEN")
        case .unanswered: buffer.writeStaticString("UNANSWERED")
        case .undeleted: buffer.writeStaticString("UNDELETED")
        case .undraft: buffer.writeStaticString("UNDRAFT")
        case .unflagged: buffer.writeStaticString("UNFLAGGED")
        case .unseen: buffer.writeStaticString("UNSEEN")
        case .new: buffer.writeStaticString("NEW")
        case .old: buffer.writeStaticString("OLD")
        case .recent: buffer.writeStaticString("RECENT")
        case .keyword(let keyword): buffer.writeString("KEYWORD " + keyword)
        case .unkeyword(let keyword): buffer.writeString("UNKEYWORD " + keyword)
        case .bcc(let value): Self.write("BCC", value, into: &buffer)
        case .body(let value): Self.write("BODY", value, into: &buffer)
        case .cc(let value): Self.write("CC", value, into: &buffer)
        case .from(let value): Self.write("FROM", value, into: &buffer)
        case .subject(let value): Self.write("SUBJECT", value, into: &buffer)
        case .text(let value): Self.write("TEXT", value, into: &buffer)
        case .to(let value): Self.write("TO", value, into: &buffer)
        case .header(let field, let value): Self.write("HEADER " + IMAPString.astringText(field), value, into: &buffer)
        case .before(let date): buffer.writeString("BEFORE \(date)")
        case .on(let date): buffer.writeString("ON \(date)")
        case .since(let date): buffer.writeString("SINCE \(date)")
        case .sentBefore(let date): buffer.writeString("SENTBEFORE \(date)")
        case .sentOn(let date): buffer.writeString("SENTON \(date)")
        case .sentSince(let date): buffer.writeString("SENTSINCE \(date)")
        case .larger(let size): buffer.writeString("LARGER \(size)")
        case .smaller(let size): buffer.writeString("SMALLER \(size)")
        case .sequenceSet(let set): buffer.writeString(set.description)
        case .uid(let set): buffer.writeString("UID \(set)")
        case .not(let key):
            buffer.writeStaticString("NOT ")
            key.write(into: &buffer)
        case .or(let first, let second):
            buffer.writeStaticString("OR ")
            first.write(into: &buffer)
            buffer.writeInteger(UInt8(ascii: " "))
            second.write(into: &buffer)
        case .and(let keys):
            buffer.writeList(keys) { buffer, key in key.write(into: &buffer) }
        }
    }

    private static func write(_ name: String, _ value: [UInt8], into buffer: inout ByteBuffer) {
        buffer.writeString(name + " ")
        IMAPString.writeAstring(value, into: &buffer, style: .command)
    }
}
