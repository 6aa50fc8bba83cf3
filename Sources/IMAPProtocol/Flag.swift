/// A message flag (RFC 9051 §2.3.2, §9 `flag`): one of the system flags, a keyword (an atom, such as
/// `$Forwarded` or `$Junk`), or another `\`-flag. System flags are recognised in any case and kept in
/// their canonical spelling; keywords keep the client's spelling, which the store compares without
/// regard to case.
///
///     flag           = "\Answered" / "\Flagged" / "\Deleted" / "\Seen" / "\Draft" / flag-keyword / flag-extension
///     flag-keyword   = "$MDNSent" / "$Forwarded" / "$Junk" / "$NotJunk" / "$Phishing" / atom
///     flag-extension = "\" atom
///     flag-fetch     = flag / obsolete-flag-recent          ; "\Recent", IMAP4rev1 only
public enum Flag: Hashable, Sendable {
    case answered
    case flagged
    case deleted
    case seen
    case draft
    /// `\Recent` (RFC 3501 §2.3.2): sent to IMAP4rev1 clients only, never settable.
    case recent
    /// A keyword, such as `$Forwarded`: an atom without the backslash.
    case keyword(String)
    /// Another `\`-flag, the atom after the backslash; servers keep no such flags but must parse them.
    case `extension`(String)

    /// The flag for `atom`, written with its backslash for system and extension flags.
    init(parsing atom: String) {
        guard atom.hasPrefix("\\") else {
            self = .keyword(atom)
            return
        }
        let name = atom.dropFirst()
        switch name.uppercased() {
        case "ANSWERED": self = .answered
        case "FLAGGED": self = .flagged
        case "DELETED": self = .deleted
        case "SEEN": self = .seen
        case "DRAFT": self = .draft
        case "RECENT": self = .recent
        default: self = .extension(String(name))
        }
    }

    /// The five flags a client may set on any message (RFC 9051 §2.3.2); the FLAGS response of SELECT.
    public static let system: [Flag] = [.answered, .flagged, .deleted, .seen, .draft]
}

// MARK: - Encoding

extension Flag: CustomStringConvertible {
    /// The wire form: `\Seen`, `$Forwarded`.
    public var description: String {
        switch self {
        case .answered: "\\Answered"
        case .flagged: "\\Flagged"
        case .deleted: "\\Deleted"
        case .seen: "\\Seen"
        case .draft: "\\Draft"
        case .recent: "\\Recent"
        case .keyword(let keyword): keyword
        case .extension(let name): "\\" + name
        }
    }
}
