import MailCore

/// The codes the SMTP machines use, named after their meaning (RFC 3463 §3, RFC 4954 §6, RFC 6531 §3.6).
extension EnhancedStatusCode {
    /// 2.0.0 Other undefined status: success.
    public static let success = EnhancedStatusCode(2, 0, 0)
    /// 2.1.0 Other address status: the sender is accepted.
    public static let senderOK = EnhancedStatusCode(2, 1, 0)
    /// 2.1.5 Destination address valid.
    public static let destinationValid = EnhancedStatusCode(2, 1, 5)
    /// 2.7.0 Other or undefined security status: authentication succeeded.
    public static let authSucceeded = EnhancedStatusCode(2, 7, 0)
    /// 4.3.0 Other or undefined mail system status (transient).
    public static let transientSystemError = EnhancedStatusCode(4, 3, 0)
    /// 4.4.2 Bad connection: the session timed out.
    public static let badConnection = EnhancedStatusCode(4, 4, 2)
    /// 4.5.3 Too many recipients.
    public static let tooManyRecipients = EnhancedStatusCode(4, 5, 3)
    /// 4.7.0 Other or undefined security status (transient): too many errors, auth failure.
    public static let transientSecurity = EnhancedStatusCode(4, 7, 0)
    /// 4.7.4 Security features not supported: the other side lacks the TLS a policy requires.
    public static let securityNotSupported = EnhancedStatusCode(4, 7, 4)
    /// 5.0.0 Other undefined status (permanent).
    public static let permanentFailure = EnhancedStatusCode(5, 0, 0)
    /// 5.1.3 Bad destination mailbox address syntax.
    public static let badDestinationSyntax = EnhancedStatusCode(5, 1, 3)
    /// 5.1.7 Bad sender's mailbox address syntax.
    public static let badSenderSyntax = EnhancedStatusCode(5, 1, 7)
    /// 5.3.4 Message too big for system.
    public static let messageTooBig = EnhancedStatusCode(5, 3, 4)
    /// 5.5.1 Invalid command (bad sequence).
    public static let invalidCommand = EnhancedStatusCode(5, 5, 1)
    /// 5.5.2 Syntax error (unrecognised command, line too long, undecodable SASL response).
    public static let syntaxError = EnhancedStatusCode(5, 5, 2)
    /// 5.5.4 Invalid command arguments.
    public static let invalidArguments = EnhancedStatusCode(5, 5, 4)
    /// 5.5.6 Authentication exchange line is too long (RFC 4954 §4).
    public static let authLineTooLong = EnhancedStatusCode(5, 5, 6)
    /// 5.6.7 Non-ASCII addresses not permitted for that sender/recipient (RFC 6531 §3.6).
    public static let nonASCIIAddressNotPermitted = EnhancedStatusCode(5, 6, 7)
    /// 5.7.0 Other or undefined security status: authentication required or aborted.
    public static let securityPolicy = EnhancedStatusCode(5, 7, 0)
    /// 5.7.8 Authentication credentials invalid (RFC 4954 §6).
    public static let invalidCredentials = EnhancedStatusCode(5, 7, 8)
    /// 5.7.11 Encryption required for requested authentication mechanism (RFC 4954 §6).
    public static let encryptionRequired = EnhancedStatusCode(5, 7, 11)
}
