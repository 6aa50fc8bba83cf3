/// LIST's arguments, LIST-EXTENDED included (RFC 9051 §6.3.9, RFC 5258 §3, LIST-STATUS RFC 5819 §2,
/// SPECIAL-USE RFC 6154 §5.1).
///
///     list             = "LIST" [SP list-select-opts] SP mailbox SP mbox-or-pat [SP list-return-opts]
///     list-select-opts = "(" [list-select-opt *(SP list-select-opt)] ")"
///     mbox-or-pat      = list-mailbox / patterns
///     patterns         = "(" list-mailbox *(SP list-mailbox) ")"
///     list-return-opts = "RETURN" SP "(" [return-option *(SP return-option)] ")"
///
/// Options other than the ones below are refused with BAD by the parser (RFC 5258 §3: a server MUST
/// reject selection options it does not know), as is RECURSIVEMATCH without a base option to apply to.
public struct ListCommand: Hashable, Sendable {
    /// A selection option (RFC 5258 §3.1, RFC 6154 §5.1).
    public enum SelectionOption: String, Hashable, Sendable, CaseIterable {
        case subscribed = "SUBSCRIBED"
        case remote = "REMOTE"
        case recursiveMatch = "RECURSIVEMATCH"
        case specialUse = "SPECIAL-USE"
    }

    /// A return option (RFC 5258 §3.2, RFC 5819 §2, RFC 6154 §5.1).
    public enum ReturnOption: Hashable, Sendable {
        case subscribed
        case children
        case specialUse
        /// `STATUS (...)`: a STATUS response for each selectable mailbox listed.
        case status([StatusAttribute])
    }

    /// `list-select-opts`; empty when absent or `()`.
    public var selectionOptions: [SelectionOption]
    /// The reference name (`mailbox`); often empty.
    public var reference: MailboxName
    /// The patterns, `%` and `*` wildcards in them; one unless written in parentheses.
    public var patterns: [MailboxName]
    /// `RETURN (...)`; empty when absent.
    public var returnOptions: [ReturnOption]
    /// True when the command used any LIST-EXTENDED syntax (selection options, several patterns in
    /// parentheses, or RETURN), after which responses may carry extended data (RFC 5258 §3.3).
    public var isExtended: Bool

    public init(selectionOptions: [SelectionOption] = [], reference: MailboxName, patterns: [MailboxName],
                returnOptions: [ReturnOption] = [], isExtended: Bool? = nil) {
        self.selectionOptions = selectionOptions
        self.reference = reference
        self.patterns = patterns
        self.returnOptions = returnOptions
        self.isExtended = isExtended ?? (!selectionOptions.isEmpty || patterns.count != 1 || !returnOptions.isEmpty)
    }
}
