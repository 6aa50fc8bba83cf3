import MailCore

/// One element of an address match list: a term, possibly negated with `!`.
public struct AddressMatchElement: Sendable, Hashable, CustomStringConvertible {
    /// True when written with `!`: a match denies instead of allowing.
    public var negated: Bool
    /// What the element tests.
    public var term: AddressMatchTerm

    /// Makes an element.
    public init(negated: Bool = false, _ term: AddressMatchTerm) {
        self.negated = negated
        self.term = term
    }

    /// The element in named.conf syntax, without the `;`.
    public var description: String { (negated ? "!" : "") + term.text }
}
