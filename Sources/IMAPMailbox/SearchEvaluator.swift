import IMAPProtocol
import MailIndex
import MailMessage

/// What SEARCH must read of a message to decide it (cheapest first): the index row alone (flags, dates,
/// size, UID), its parsed structure as well (ENVELOPE: FROM, TO, CC, BCC, SUBJECT, SENT*), or its content
/// (BODY, TEXT, HEADER: the stored structure keeps no other header fields).
public enum SearchNeeds: Int, Comparable, Sendable {
    case index
    case structure
    case content

    public static func < (lhs: SearchNeeds, rhs: SearchNeeds) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// SEARCH's criteria made ready to test messages with (RFC 9051 §6.4.4, RFC 3501 §6.4.4).
///
/// Theory of operation: ``init(_:byUID:in:saved:zone:)`` decodes every string from the command's CHARSET and
/// folds it for case-insensitive comparison (``MailMessage/SearchFolding``), and resolves the sequence and UID
/// sets against the session's list once. The driver then loads for each message what ``needs`` says and calls
/// ``matches(_:sequence:structure:content:)``; ``response(matches:in:tag:revision:)`` turns the matching
/// positions into `* SEARCH` or `* ESEARCH` and says what SEARCHRES saves.
///
/// Semantics, as RFC 9051 §6.4.4 gives them:
/// - strings match as case-insensitive substrings of decoded text: encoded words (RFC 2047) decoded in header
///   fields; BODY and TEXT look through the text parts with their transfer encodings undone and their charsets
///   converted (`MessageStructure.bodyTextSources`); attachments that are not text are not searched; TEXT also
///   looks through the MIME header of every body part (an attachment's filename) and the header of every
///   encapsulated (forwarded) message, BODY does not, as no header field matches BODY
///   (`MessageStructure.searchTextSources`);
/// - FROM, TO, CC, BCC look at the envelope's addresses as `name <mailbox@host>`; SUBJECT at the decoded
///   subject; HEADER at every field of that name in the message header (an empty string: the field exists);
/// - BEFORE, ON, SINCE compare the calendar date of INTERNALDATE in ``InternalDateZone``; SENTBEFORE, SENTON,
///   SENTSINCE the date written in the Date: header, time and zone disregarded; a message without a readable
///   Date: matches none of the SENT keys;
/// - sequence numbers beyond the last message match nothing (no error, as SEARCH only filters); `*` is the last
///   message, and `$` the saved result (RFC 5182 §2.1);
/// - mailroom keeps no `\Recent` (IMAP4rev2 dropped it): RECENT and NEW match nothing, OLD everything.
public struct SearchEvaluator: Sendable {
    public let command: SearchCommand
    /// UID SEARCH: the response lists UIDs (RFC 9051 §6.4.9).
    public let byUID: Bool
    /// What ``matches(_:sequence:structure:content:)`` reads.
    public let needs: SearchNeeds
    let zone: InternalDateZone
    let root: Criterion

    /// Prepares `command` for the messages of `list`; `saved` is the session's SEARCHRES result for `$`.
    /// Throws ``SearchError/Code/badCharset`` for a CHARSET not in ``SearchCharsets``.
    public init(_ command: SearchCommand, byUID: Bool = false, in list: SelectedMessages, saved: [UInt32]?,
                zone: InternalDateZone = .utc) throws(SearchError) {
        // RFC 9051 §6.4.4: without CHARSET the strings are US-ASCII; read as UTF-8, its superset.
        let charset: Charset
        if let name = command.charset {
            guard let known = Charset(name) else { throw SearchError(.badCharset, "Unsupported charset") }
            charset = known
        } else {
            charset = .utf8
        }
        var compiler = CriterionCompiler(charset: charset, list: list, saved: saved)
        root = .and(command.criteria.map { compiler.compile($0) })
        self.command = command
        self.byUID = byUID
        self.zone = zone
        needs = compiler.needs
    }
}

/// A search key with its strings decoded and folded and its sets resolved.
indirect enum Criterion: Sendable {
    case constant(Bool)
    case system(MessageFlags.System, set: Bool)
    /// A keyword (folded) present or, with `set` false, absent.
    case keyword(String, set: Bool)
    case address(AddressField, SearchPattern)
    case subject(SearchPattern)
    /// A header field (name as given) containing the string; an empty string: the field exists.
    case header(String, SearchPattern)
    case body(SearchPattern)
    case text(SearchPattern)
    case internalDate(DateComparison, IMAPDate)
    case sentDate(DateComparison, IMAPDate)
    case larger(UInt64)
    case smaller(UInt64)
    /// Sequence numbers in these ranges.
    case sequences([ClosedRange<UInt32>])
    /// UIDs in these ranges.
    case uidRanges([ClosedRange<UInt32>])
    /// UIDs in this set (`$`).
    case uids(Set<UInt32>)
    case not(Criterion)
    case or(Criterion, Criterion)
    case and([Criterion])
}

/// The envelope's address lists SEARCH looks at.
enum AddressField: Sendable {
    case from, to, cc, bcc
}

/// How a date key compares (RFC 9051 §6.4.4): before, on, or on or after.
enum DateComparison: Sendable {
    case before, on, since

    func holds(_ date: IMAPDate, _ key: IMAPDate) -> Bool {
        switch self {
        case .before: date < key
        case .on: date == key
        case .since: date >= key
        }
    }
}

/// Turns `SearchKey`s into ``Criterion`` and notes what they need. Recursion follows the key's nesting, which
/// the parser bounds (`IMAPLimits.searchDepth`).
struct CriterionCompiler {
    let charset: Charset
    let list: SelectedMessages
    let saved: [UInt32]?
    var needs = SearchNeeds.index

    init(charset: Charset, list: SelectedMessages, saved: [UInt32]?) {
        self.charset = charset
        self.list = list
        self.saved = saved
    }

    mutating func compile(_ key: SearchKey) -> Criterion {
        switch key {
        case .all, .old: return .constant(true)
        case .new, .recent: return .constant(false)
        case .answered: return .system(.answered, set: true)
        case .deleted: return .system(.deleted, set: true)
        case .draft: return .system(.draft, set: true)
        case .flagged: return .system(.flagged, set: true)
        case .seen: return .system(.seen, set: true)
        case .unanswered: return .system(.answered, set: false)
        case .undeleted: return .system(.deleted, set: false)
        case .undraft: return .system(.draft, set: false)
        case .unflagged: return .system(.flagged, set: false)
        case .unseen: return .system(.seen, set: false)
        case .keyword(let keyword): return .keyword(keyword.lowercased(), set: true)
        case .unkeyword(let keyword): return .keyword(keyword.lowercased(), set: false)
        case .from(let value): return address(.from, value)
        case .to(let value): return address(.to, value)
        case .cc(let value): return address(.cc, value)
        case .bcc(let value): return address(.bcc, value)
        case .subject(let value):
            need(.structure)
            return .subject(pattern(value))
        case .header(let name, let value):
            need(.content)
            return .header(name, pattern(value))
        case .body(let value):
            need(.content)
            return .body(pattern(value))
        case .text(let value):
            need(.content)
            return .text(pattern(value))
        case .before(let date): return .internalDate(.before, date)
        case .on(let date): return .internalDate(.on, date)
        case .since(let date): return .internalDate(.since, date)
        case .sentBefore(let date): return sent(.before, date)
        case .sentOn(let date): return sent(.on, date)
        case .sentSince(let date): return sent(.since, date)
        case .larger(let size): return .larger(size)
        case .smaller(let size): return .smaller(size)
        case .sequenceSet(let set): return resolve(set, byUID: false)
        case .uid(let set): return resolve(set, byUID: true)
        case .not(let inner): return .not(compile(inner))
        case .or(let left, let right): return .or(compile(left), compile(right))
        case .and(let keys): return .and(keys.map { compile($0) })
        }
    }

    private mutating func need(_ level: SearchNeeds) {
        needs = max(needs, level)
    }

    private func pattern(_ bytes: [UInt8]) -> SearchPattern {
        SearchPattern(charset.decode(bytes))
    }

    private mutating func address(_ field: AddressField, _ value: [UInt8]) -> Criterion {
        need(.structure)
        return .address(field, pattern(value))
    }

    private mutating func sent(_ comparison: DateComparison, _ date: IMAPDate) -> Criterion {
        need(.structure)
        return .sentDate(comparison, date)
    }

    /// Sets against the list as it is now. Sequence numbers are not checked against the count: beyond it they
    /// match nothing.
    private func resolve(_ set: SequenceSet, byUID: Bool) -> Criterion {
        switch set {
        case .lastCommand:
            return .uids(Set(saved ?? []))
        case .ranges(let ranges):
            if byUID {
                return .uidRanges(ranges.map { $0.resolved(last: list.lastUID) })
            }
            return .sequences(ranges.map { $0.resolved(last: UInt32(clamping: list.count)) })
        }
    }
}
