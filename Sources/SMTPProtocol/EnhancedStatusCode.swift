/// An enhanced mail system status code `class.subject.detail` (RFC 3463 §2), sent after the reply
/// code on every reply line when ENHANCEDSTATUSCODES is offered (RFC 2034 §4).
///
/// The named statics are the codes the server machine uses, named after their RFC 3463 §3 meaning.
public struct EnhancedStatusCode: Hashable, Sendable, CustomStringConvertible {
    /// 2 success, 4 persistent transient failure, 5 permanent failure.
    public let `class`: Int
    /// 0...999: the broad category (1 address, 2 mailbox, 3 mail system, 4 network, 5 protocol,
    /// 6 content, 7 security).
    public let subject: Int
    /// 0...999: the detail within the subject.
    public let detail: Int

    /// A code from its parts; `nil` when the class is not 2, 4 or 5 or a part is out of range
    /// (RFC 3463 §2: at most three digits each).
    public init?(class statusClass: Int, subject: Int, detail: Int) {
        guard [2, 4, 5].contains(statusClass), (0...999).contains(subject), (0...999).contains(detail)
        else { return nil }
        self.class = statusClass
        self.subject = subject
        self.detail = detail
    }

    private init(_ statusClass: Int, _ subject: Int, _ detail: Int) {
        self.class = statusClass
        self.subject = subject
        self.detail = detail
    }

    // status-code = class "." subject "." detail
    // class       = "2" / "4" / "5"
    // subject     = 1*3digit
    // detail      = 1*3digit
    /// Parses `5.7.1`; `nil` for anything else.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
              parts.allSatisfy({ (1...3).contains($0.utf8.count) && $0.utf8.allSatisfy { (48...57).contains($0) } }),
              parts[0].utf8.count == 1,
              let c = Int(parts[0]), let s = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(class: c, subject: s, detail: d)
    }

    public var description: String { "\(self.class).\(subject).\(detail)" }

    /// The same subject and detail in another class (a 4.x.x twin of a 5.x.x code).
    public func withClass(_ statusClass: Int) -> EnhancedStatusCode {
        EnhancedStatusCode(class: statusClass, subject: subject, detail: detail) ?? self
    }

    // MARK: - Named codes (RFC 3463 §3, RFC 4954 §6, RFC 6531 §3.6)

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
