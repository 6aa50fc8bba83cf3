import MailCore

/// One accepted recipient with its DSN parameters (RFC 5321 §4.1.1.3, RFC 3461 §4).
public struct EnvelopeRecipient: Hashable, Sendable {
    public var path: ForwardPath
    public var parameters: RecipientParameters

    public init(path: ForwardPath, parameters: RecipientParameters) {
        self.path = path
        self.parameters = parameters
    }
}

/// The envelope of one mail transaction as the server accepted it (RFC 5321 §2.3.1, §3.3), handed to the
/// driver when the body begins.
public struct SMTPEnvelope: Hashable, Sendable {
    /// The client's HELO/EHLO/LHLO name, `nil` if it sent none (for `Received:`).
    public var heloName: HeloName?
    /// The RFC 3848 `with` keyword for `Received:`: SMTP, ESMTP, ESMTPS, ESMTPA, ESMTPSA, LMTP, ...
    public var receivedProtocol: String
    /// The authenticated identity, if AUTH succeeded (RFC 4954).
    public var authenticatedIdentity: String?
    public var reversePath: ReversePath
    /// SIZE, BODY, SMTPUTF8, RET, ENVID.
    public var parameters: MailParameters
    /// Accepted recipients, in order; never empty.
    public var recipients: [EnvelopeRecipient]

    public init(heloName: HeloName?, receivedProtocol: String, authenticatedIdentity: String?,
                reversePath: ReversePath, parameters: MailParameters, recipients: [EnvelopeRecipient]) {
        self.heloName = heloName
        self.receivedProtocol = receivedProtocol
        self.authenticatedIdentity = authenticatedIdentity
        self.reversePath = reversePath
        self.parameters = parameters
        self.recipients = recipients
    }
}
