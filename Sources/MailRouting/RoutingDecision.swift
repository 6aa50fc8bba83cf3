import MailCore

/// What to answer to one `RCPT TO` (RFC 5321 §4.1.1.3) and where the message goes if accepted.
public enum RoutingDecision: Sendable, Hashable {
    /// Say `250 2.1.5 Ok` and add these envelope recipients (one RCPT may expand to several through
    /// an alias; never empty). Alias branches that deliver nothing while others go through are
    /// reported by ``RecipientRouter/route(recipient:client:dropped:)``.
    case accept([MessageRecipient])
    /// Refuse the recipient with this reply; the transaction goes on (RFC 5321 §3.3).
    case reject(RoutingRejection)

    /// The recipients when accepted, else `nil`.
    public var recipients: [MessageRecipient]? {
        guard case .accept(let recipients) = self else { return nil }
        return recipients
    }

    /// The rejection when refused, else `nil`.
    public var rejection: RoutingRejection? {
        guard case .reject(let rejection) = self else { return nil }
        return rejection
    }
}
