/// A STATUS data item (RFC 9051 §6.3.11, §9 `status-att`; RECENT from RFC 3501, SIZE from RFC 8438,
/// HIGHESTMODSEQ from RFC 7162 §3.1.6, APPENDLIMIT from RFC 7889).
public enum StatusAttribute: String, Hashable, Sendable, CaseIterable {
    case messages = "MESSAGES"
    case uidNext = "UIDNEXT"
    case uidValidity = "UIDVALIDITY"
    case unseen = "UNSEEN"
    case deleted = "DELETED"
    case size = "SIZE"
    /// IMAP4rev1 only.
    case recent = "RECENT"
    case highestModSequence = "HIGHESTMODSEQ"
    case appendLimit = "APPENDLIMIT"
}
