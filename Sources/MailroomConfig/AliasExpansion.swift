import MailCore

/// The result of expanding one envelope recipient through the aliases, as local(8) would deliver it
/// (Postfix local(8), "ALIAS EXPANSION"; aliases(5)).
///
/// Expansion can partly fail: a loop or an unreadable `:include:` file in one branch still lets the
/// other branches deliver, as in Postfix, which bounces only the failed branch. The caller decides:
/// deliver to `recipients`, and bounce (or defer) with `problems` when there are any.
public struct AliasExpansion: Hashable, Sendable {
    /// The recipient before expansion, as given (`X-Original-To`).
    public let originalRecipient: EmailAddress
    /// `true` when the recipient named an alias; `false` when it is delivered as it is.
    public let isAlias: Bool
    /// The final destinations, duplicates removed, in the order first reached.
    public let recipients: [Recipient]
    /// Why some branches deliver nothing: loops, limits, unreadable `:include:` files.
    public let problems: [AliasProblem]

    /// One final destination, with the recipient it was expanded from.
    public struct Recipient: Hashable, Sendable, CustomStringConvertible {
        /// Where to deliver (`Delivered-To` for a mailbox).
        public let destination: AliasDestination
        /// The envelope recipient before expansion (`X-Original-To`).
        public let originalRecipient: EmailAddress

        /// Pairs a destination with its original recipient.
        public init(destination: AliasDestination, originalRecipient: EmailAddress) {
            self.destination = destination
            self.originalRecipient = originalRecipient
        }

        /// `destination (from original)`.
        public var description: String { "\(destination) (from \(originalRecipient))" }
    }

    /// Makes an expansion result.
    public init(originalRecipient: EmailAddress, isAlias: Bool, destinations: [AliasDestination], problems: [AliasProblem]) {
        self.originalRecipient = originalRecipient
        self.isAlias = isAlias
        self.recipients = destinations.map { Recipient(destination: $0, originalRecipient: originalRecipient) }
        self.problems = problems
    }

    /// The destinations alone, in order.
    public var destinations: [AliasDestination] { recipients.map(\.destination) }
}
