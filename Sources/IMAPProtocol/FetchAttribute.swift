/// One data item FETCH asks for (RFC 9051 §6.4.5, RFC 3501 §6.4.5, BINARY RFC 3516 §4.2; §9 `fetch-att`).
/// The macros ALL, FAST and FULL are expanded by the parser into the items they stand for.
///
///     fetch-att = "ENVELOPE" / "FLAGS" / "INTERNALDATE" / "RFC822.SIZE" / "BODY" ["STRUCTURE"] / "UID" /
///                 "BODY" section [partial] / "BODY.PEEK" section [partial] /
///                 "BINARY" [".PEEK"] section-binary [partial] / "BINARY.SIZE" section-binary /
///                 "RFC822" / "RFC822.HEADER" / "RFC822.TEXT"                     ; RFC 3501
public enum FetchAttribute: Hashable, Sendable {
    case envelope
    case flags
    case internalDate
    case rfc822Size
    /// `BODY`: the structure without extension data.
    case body
    /// `BODYSTRUCTURE`: the structure with extension data.
    case bodyStructure
    case uid
    /// `BODY[section]<partial>`, or `BODY.PEEK[...]` (`peek`: \Seen is not set).
    case bodySection(SectionSpecifier, partial: Partial?, peek: Bool)
    /// `BINARY[part]<partial>` (RFC 3516 §4.2): the part with its content transfer encoding undone.
    case binary(part: [Int], partial: Partial?, peek: Bool)
    /// `BINARY.SIZE[part]` (RFC 3516 §4.2): the decoded part's size.
    case binarySize(part: [Int])
    /// `RFC822` (RFC 3501): `BODY[]`, setting \Seen.
    case rfc822
    /// `RFC822.HEADER` (RFC 3501): `BODY.PEEK[HEADER]`.
    case rfc822Header
    /// `RFC822.TEXT` (RFC 3501): `BODY[TEXT]`, setting \Seen.
    case rfc822Text

    /// `ALL`: FLAGS INTERNALDATE RFC822.SIZE ENVELOPE.
    public static let allMacro: [FetchAttribute] = [.flags, .internalDate, .rfc822Size, .envelope]
    /// `FAST`: FLAGS INTERNALDATE RFC822.SIZE.
    public static let fastMacro: [FetchAttribute] = [.flags, .internalDate, .rfc822Size]
    /// `FULL`: FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODY.
    public static let fullMacro: [FetchAttribute] = [.flags, .internalDate, .rfc822Size, .envelope, .body]
}

/// FETCH's arguments (RFC 9051 §6.4.5); a struct so that modifiers (CONDSTORE's CHANGEDSINCE, RFC 7162
/// §3.1.4.1) can join later without changing the command's case.
///
///     fetch = "FETCH" SP sequence-set SP ("ALL" / "FULL" / "FAST" / fetch-att / "(" fetch-att *(SP fetch-att) ")")
public struct FetchCommand: Hashable, Sendable {
    public var sequence: SequenceSet
    /// The items, macros expanded; never empty.
    public var attributes: [FetchAttribute]
    /// `UID FETCH`: `sequence` holds UIDs and every response includes UID (RFC 9051 §6.4.9).
    public var byUID: Bool

    public init(sequence: SequenceSet, attributes: [FetchAttribute], byUID: Bool = false) {
        self.sequence = sequence
        self.attributes = attributes
        self.byUID = byUID
    }
}

// MARK: - Encoding

extension FetchAttribute: CustomStringConvertible {
    /// The command's wire form: `BODY.PEEK[HEADER]<0.100>`.
    public var description: String {
        switch self {
        case .envelope: "ENVELOPE"
        case .flags: "FLAGS"
        case .internalDate: "INTERNALDATE"
        case .rfc822Size: "RFC822.SIZE"
        case .body: "BODY"
        case .bodyStructure: "BODYSTRUCTURE"
        case .uid: "UID"
        case .bodySection(let section, let partial, let peek):
            (peek ? "BODY.PEEK" : "BODY") + section.description + (partial?.description ?? "")
        case .binary(let part, let partial, let peek):
            (peek ? "BINARY.PEEK" : "BINARY") + Self.binarySection(part) + (partial?.description ?? "")
        case .binarySize(let part): "BINARY.SIZE" + Self.binarySection(part)
        case .rfc822: "RFC822"
        case .rfc822Header: "RFC822.HEADER"
        case .rfc822Text: "RFC822.TEXT"
        }
    }

    /// `section-binary = "[" [section-part] "]"`.
    static func binarySection(_ part: [Int]) -> String {
        "[" + part.map(String.init).joined(separator: ".") + "]"
    }
}
