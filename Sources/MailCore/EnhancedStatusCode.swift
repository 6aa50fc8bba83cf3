/// An enhanced mail system status code `class.subject.detail` (RFC 3463 §2), sent after the reply
/// code on every reply line when ENHANCEDSTATUSCODES is offered (RFC 2034 §4).
///
/// SMTPProtocol names the codes its machines use; the queue reads the ones in servers' replies.
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

    /// A code known to be in range (the named codes).
    package init(_ statusClass: Int, _ subject: Int, _ detail: Int) {
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
}
