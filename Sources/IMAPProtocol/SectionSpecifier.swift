/// The part of a message a `BODY[...]` fetch names (RFC 9051 §6.4.5, §9 `section`): a MIME part path
/// (`1.2.3`, empty for the whole message) and what of it.
///
///     section         = "[" [section-spec] "]"
///     section-spec    = section-msgtext / (section-part ["." section-text])
///     section-msgtext = "HEADER" / "HEADER.FIELDS" [".NOT"] SP header-list / "TEXT"
///     section-text    = section-msgtext / "MIME"
///     section-part    = nz-number *("." nz-number)
///     header-list     = "(" header-fld-name *(SP header-fld-name) ")"
public struct SectionSpecifier: Hashable, Sendable {
    /// What of the part.
    public enum Kind: Hashable, Sendable {
        /// The whole part (`BODY[]`, `BODY[1.2]`).
        case complete
        /// The header (`HEADER`): of the message, or of a message/rfc822 part.
        case header
        /// The header lines with these field names (`HEADER.FIELDS (DATE FROM)`).
        case headerFields([String])
        /// The header lines without these field names (`HEADER.FIELDS.NOT (...)`).
        case headerFieldsNot([String])
        /// The body after the header (`TEXT`).
        case text
        /// The MIME header of a part (`1.MIME`); never without a part number.
        case mime
    }

    /// The part numbers, outermost first; empty for the message itself.
    public var part: [Int]
    public var kind: Kind

    /// The section, or nil for `MIME` without a part (not in the grammar).
    public init?(part: [Int] = [], kind: Kind = .complete) {
        guard kind != .mime || !part.isEmpty, part.allSatisfy({ $0 > 0 }) else { return nil }
        self.part = part
        self.kind = kind
    }

    /// `BODY[]`: the whole message.
    public static let complete = SectionSpecifier(part: [], kind: .complete)!
}

/// `<offset.length>` of a partial fetch (RFC 9051 §6.4.5, §9 `partial`): octets from `offset`, at most
/// `length` of them. The response names only the offset (`BODY[]<0>`).
///
///     partial = "<" number64 "." nz-number64 ">"
public struct Partial: Hashable, Sendable {
    public var offset: UInt64
    /// At least 1.
    public var length: UInt64

    public init?(offset: UInt64, length: UInt64) {
        guard length > 0 else { return nil }
        self.offset = offset
        self.length = length
    }
}

// MARK: - Encoding

extension SectionSpecifier: CustomStringConvertible {
    /// The wire form with brackets: `[1.2.HEADER.FIELDS (DATE FROM)]`. Field names that are not atoms are
    /// quoted (the grammar's `astring`).
    public var description: String {
        var parts = part.map(String.init)
        switch kind {
        case .complete: break
        case .header: parts.append("HEADER")
        case .headerFields(let fields): parts.append("HEADER.FIELDS " + Self.fieldList(fields))
        case .headerFieldsNot(let fields): parts.append("HEADER.FIELDS.NOT " + Self.fieldList(fields))
        case .text: parts.append("TEXT")
        case .mime: parts.append("MIME")
        }
        return "[" + parts.joined(separator: ".") + "]"
    }

    private static func fieldList(_ fields: [String]) -> String {
        "(" + fields.map { IMAPString.astringText(Array($0.utf8)) }.joined(separator: " ") + ")"
    }
}

extension Partial: CustomStringConvertible {
    /// The command's wire form: `<0.1024>`.
    public var description: String { "<\(offset).\(length)>" }
}
