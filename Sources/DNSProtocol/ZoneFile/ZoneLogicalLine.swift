/// One entry of a master file: the tokens of a line, or of several lines joined by parentheses
/// (RFC 1035 §5.1).
struct ZoneLogicalLine: Sendable {
    /// The words of the entry, comments and parentheses removed.
    var tokens: [ZoneToken]
    /// True when the entry's first line starts with a space or tab, so the owner is omitted and
    /// the previous owner applies (RFC 1035 §5.1).
    var ownerIsBlank: Bool
    /// The line the entry starts on.
    var line: Int
    /// The line the entry ends on, for "missing field" errors.
    var lastLine: Int
}
