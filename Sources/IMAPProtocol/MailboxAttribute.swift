/// A mailbox name attribute of a LIST response, or a special use CREATE assigns (RFC 9051 §7.3.1,
/// CHILDREN RFC 3348, LIST-EXTENDED RFC 5258 §3.4, SPECIAL-USE RFC 6154 §2).
///
///     mbx-list-oflag = "\Noinferiors" / child-mbox-flag / "\Subscribed" / "\Remote" / flag-extension
///     mbx-list-sflag = "\NonExistent" / "\Noselect" / "\Marked" / "\Unmarked"
///     use-attr       = "\All" / "\Archive" / "\Drafts" / "\Flagged" / "\Junk" / "\Sent" / "\Trash" / use-attr-ext
public enum MailboxAttribute: Hashable, Sendable {
    case noInferiors
    case noSelect
    case nonExistent
    case marked
    case unmarked
    case subscribed
    case remote
    case hasChildren
    case hasNoChildren
    case all
    case archive
    case drafts
    case flagged
    case junk
    case sent
    case trash
    /// `\Important` (RFC 8457 §3).
    case important
    /// Another `\`-attribute: the atom after the backslash.
    case other(String)

    /// The attribute for `\name`, any case.
    init(name: String) {
        self = Self.byName[name.uppercased()] ?? .other(name)
    }

    private static let byName: [String: MailboxAttribute] = Dictionary(
        uniqueKeysWithValues: [MailboxAttribute](
            [.noInferiors, .noSelect, .nonExistent, .marked, .unmarked, .subscribed, .remote, .hasChildren,
             .hasNoChildren, .all, .archive, .drafts, .flagged, .junk, .sent, .trash, .important]
        ).map { ($0.name.uppercased(), $0) })

    /// The special uses of RFC 6154 §2 and RFC 8457: what CREATE's USE may assign.
    public var isSpecialUse: Bool {
        switch self {
        case .all, .archive, .drafts, .flagged, .junk, .sent, .trash, .important: true
        default: false
        }
    }

    /// The name without its backslash, in the RFC's spelling.
    var name: String {
        switch self {
        case .noInferiors: "Noinferiors"
        case .noSelect: "Noselect"
        case .nonExistent: "NonExistent"
        case .marked: "Marked"
        case .unmarked: "Unmarked"
        case .subscribed: "Subscribed"
        case .remote: "Remote"
        case .hasChildren: "HasChildren"
        case .hasNoChildren: "HasNoChildren"
        case .all: "All"
        case .archive: "Archive"
        case .drafts: "Drafts"
        case .flagged: "Flagged"
        case .junk: "Junk"
        case .sent: "Sent"
        case .trash: "Trash"
        case .important: "Important"
        case .other(let name): name
        }
    }
}

// MARK: - Encoding

extension MailboxAttribute: CustomStringConvertible {
    /// The wire form: `\HasNoChildren`.
    public var description: String { "\\" + name }
}
