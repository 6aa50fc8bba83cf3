/// Where an accepted message goes: the queue implements it, the SMTP/LMTP servers and `sendmail` use it.
///
/// The contract (the same as maddy's `DeliveryTarget`): ``startMessage(_:)`` opens a transaction, the
/// caller streams the message through ``MessageTransaction/write(_:)``, then either
/// ``MessageTransaction/commit()`` — which returns only once the message and its envelope are synced to
/// disk, so the caller may then say `250` — or ``MessageTransaction/abort()``, after which nothing of
/// the message remains. A transaction that is neither committed nor aborted is aborted by the queue's
/// recovery on the next start.
public protocol MessageSink: Sendable {
    /// Opens a transaction for one message with its envelope.
    func startMessage(_ envelope: MessageEnvelope) async throws -> any MessageTransaction
}

/// One message on its way into the queue. Used from one task at a time.
public protocol MessageTransaction: AnyObject, Sendable {
    /// Appends message bytes (CRLF line ends, dot-unstuffed), in order.
    func write(_ bytes: [UInt8]) async throws
    /// Makes the message durable and returns its queue ID (`250 2.0.0 Ok: queued as ID`).
    func commit() async throws -> String
    /// Drops the message; never throws.
    func abort() async
}

/// The envelope of a message (RFC 5321 §2.3.1): who sent it, who receives it, and the DSN requests
/// that travel with it (RFC 3461).
public struct MessageEnvelope: Sendable, Hashable, Codable {
    /// The reverse-path as an address, or the empty string for the null sender `<>`.
    public var sender: String
    /// The recipients, each with the address it was given as.
    public var recipients: [MessageRecipient]
    /// DSN `ENVID` (RFC 3461 §4.4), already xtext-decoded.
    public var envelopeID: String?
    /// DSN `RET=HDRS` (true) or `RET=FULL`/absent (false) (RFC 3461 §4.3).
    public var returnHeadersOnly: Bool
    /// The client's BODY= or SMTPUTF8 declaration was 8-bit or UTF-8 (kept for outbound relay).
    public var eightBit: Bool
    /// The message was submitted with SMTPUTF8 (RFC 6531).
    public var smtpUTF8: Bool

    /// An envelope; DSN and body flags default to "none given".
    public init(sender: String, recipients: [MessageRecipient], envelopeID: String? = nil,
                returnHeadersOnly: Bool = false, eightBit: Bool = false, smtpUTF8: Bool = false) {
        self.sender = sender
        self.recipients = recipients
        self.envelopeID = envelopeID
        self.returnHeadersOnly = returnHeadersOnly
        self.eightBit = eightBit
        self.smtpUTF8 = smtpUTF8
    }
}

/// One envelope recipient after routing: the final address (an account's mailbox or a remote address)
/// and the address the client gave, when an alias rewrote it (for `X-Original-To`).
public struct MessageRecipient: Sendable, Hashable, Codable {
    /// Where the message goes: a local account's address or a remote address.
    public var address: String
    /// The recipient as the client wrote it in RCPT TO, when it differs from ``address``.
    public var originalRecipient: String?
    /// True when ``address`` is delivered here (a local mailbox), false when it is relayed.
    public var isLocal: Bool
    /// DSN `NOTIFY` as written (`NEVER`, or a list of `SUCCESS`, `FAILURE`, `DELAY`), if given.
    public var notify: [String]?
    /// DSN `ORCPT` (RFC 3461 §4.2), as `addr-type;address`, xtext-decoded.
    public var originalRecipientParameter: String?

    /// A recipient; the DSN parameters default to "none given".
    public init(address: String, originalRecipient: String? = nil, isLocal: Bool,
                notify: [String]? = nil, originalRecipientParameter: String? = nil) {
        self.address = address
        self.originalRecipient = originalRecipient
        self.isLocal = isLocal
        self.notify = notify
        self.originalRecipientParameter = originalRecipientParameter
    }
}
