/// The ESMTP parameters of `RCPT TO:` that mailroom implements: NOTIFY and ORCPT (RFC 3461 §4.1, §4.2).
public struct RecipientParameters: Hashable, Sendable {
    /// NOTIFY= conditions (RFC 3461 §4.1): NEVER alone, or any of SUCCESS, FAILURE, DELAY.
    public enum Notify: Hashable, Sendable {
        case never
        case on(success: Bool, failure: Bool, delay: Bool)
    }

    /// ORCPT=addr-type;xtext (RFC 3461 §4.2), the value decoded.
    public struct OriginalRecipient: Hashable, Sendable {
        /// The address type, e.g. `rfc822` or `utf-8` (RFC 6533 §3), as written.
        public var addressType: String
        /// The address, xtext-decoded.
        public var address: String

        public init(addressType: String, address: String) {
            self.addressType = addressType
            self.address = address
        }
    }

    /// NOTIFY=, `nil` when absent (the default is FAILURE, or FAILURE,DELAY, per RFC 3461 §4.1).
    public var notify: Notify?
    /// ORCPT=.
    public var originalRecipient: OriginalRecipient?

    public init(notify: Notify? = nil, originalRecipient: OriginalRecipient? = nil) {
        self.notify = notify
        self.originalRecipient = originalRecipient
    }
}
