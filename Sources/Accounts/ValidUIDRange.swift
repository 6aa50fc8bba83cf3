/// The user ids allowed to log in: Dovecot's `first_valid_uid` and `last_valid_uid`
/// (https://doc.dovecot.org/ "first_valid_uid"), so root and the system's service accounts cannot log
/// in over POP3, IMAP or SMTP AUTH even when they have a password.
///
/// It applies to the uid the user database names: every `system` account, and a passwd-file line with
/// a uid field. A passwd-file account without one is a virtual user whose mail belongs to
/// `virtual_uid`; it is not checked, so the default (`virtual_uid` being the data directory's owner,
/// often root) does not lock virtual users out.
public struct ValidUIDRange: Sendable, Hashable {
    /// The lowest uid allowed.
    public var first: UInt32
    /// The highest uid allowed; `nil`: no upper limit (Dovecot's `last_valid_uid = 0`).
    public var last: UInt32?

    /// Every uid.
    public static let all = ValidUIDRange(first: 0, last: nil)

    public init(first: UInt32, last: UInt32?) {
        self.first = first
        self.last = last
    }

    /// Why `uid` may not log in, or `nil` when it may.
    public func refusal(for uid: UInt32) -> String? {
        if uid < first { return "uid \(uid) is below first_valid_uid \(first)" }
        if let last, uid > last { return "uid \(uid) is above last_valid_uid \(last)" }
        return nil
    }
}
