/// One search criterion of SEARCH (RFC 9051 §6.4.4, RFC 3501 §6.4.4; §9 `search-key`). Every key of both
/// RFCs, including IMAP4rev1's NEW, OLD and RECENT, which RFC 9051 dropped. String arguments are the client's octets, in the command's CHARSET (US-ASCII or UTF-8
/// unless it named another), for the machine to decode; dates are calendar dates.
///
/// A parenthesised list is ``and(_:)``; the parser bounds nesting with ``IMAPLimits/searchDepth``.
public indirect enum SearchKey: Hashable, Sendable {
    case all
    case answered
    case deleted
    case draft
    case flagged
    case seen
    case unanswered
    case undeleted
    case undraft
    case unflagged
    case unseen
    /// IMAP4rev1: `\Recent` and not `\Seen`.
    case new
    /// IMAP4rev1: not `\Recent`.
    case old
    /// IMAP4rev1: `\Recent`.
    case recent
    case keyword(String)
    case unkeyword(String)

    case bcc([UInt8])
    case body([UInt8])
    case cc([UInt8])
    case from([UInt8])
    case subject([UInt8])
    case text([UInt8])
    case to([UInt8])
    /// `HEADER field-name string`: the field contains the string (an empty string: the field exists).
    case header(String, [UInt8])

    /// Internal date (disregarding time and zone) before, on, or on or after the date.
    case before(IMAPDate)
    case on(IMAPDate)
    case since(IMAPDate)
    /// The Date: header's date before, on, or on or after the date.
    case sentBefore(IMAPDate)
    case sentOn(IMAPDate)
    case sentSince(IMAPDate)

    /// RFC822.SIZE larger or smaller than the number of octets.
    case larger(UInt64)
    case smaller(UInt64)

    /// Messages by sequence number.
    case sequenceSet(SequenceSet)
    /// Messages by UID.
    case uid(SequenceSet)

    case not(SearchKey)
    case or(SearchKey, SearchKey)
    /// A parenthesised list: every key matches.
    case and([SearchKey])
}

/// What ESEARCH returns instead of the untagged SEARCH list (RFC 4731 §3.1, RFC 9051 §6.4.4), and SAVE
/// for SEARCHRES (RFC 5182 §2).
public enum SearchReturnOption: String, Hashable, Sendable, CaseIterable {
    case min = "MIN"
    case max = "MAX"
    case all = "ALL"
    case count = "COUNT"
    case save = "SAVE"
}

/// SEARCH's arguments (RFC 9051 §6.4.4).
///
///     search         = "SEARCH" [search-return-opts] SP search-program
///     search-return-opts = SP "RETURN" SP "(" [search-return-opt *(SP search-return-opt)] ")"
///     search-program = ["CHARSET" SP charset SP] search-key *(SP search-key)
public struct SearchCommand: Hashable, Sendable {
    /// `RETURN (...)`: nil without RETURN (IMAP4rev1's untagged SEARCH response); an empty list means
    /// `ALL` in an ESEARCH response (RFC 4731 §3.1).
    public var returnOptions: [SearchReturnOption]?
    /// `CHARSET name`, as written (the machine answers `NO [BADCHARSET]` for one it cannot decode).
    public var charset: String?
    /// The keys, all of which must match; never empty.
    public var criteria: [SearchKey]

    public init(returnOptions: [SearchReturnOption]? = nil, charset: String? = nil, criteria: [SearchKey]) {
        self.returnOptions = returnOptions
        self.charset = charset
        self.criteria = criteria
    }
}
