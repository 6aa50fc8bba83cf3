/// Who is told about deliveries besides the sender, and how much of a message a bounce returns:
/// Postfix's `bounce_size_limit`, `notify_classes` and the `*_notice_recipient` settings.
public struct NoticePolicy: Sendable, Hashable {
    /// The postmaster notices `notify_classes` can ask for.
    public enum PostmasterCopy: String, Sendable, Hashable, CaseIterable {
        /// `bounce`: a copy of every bounce, headers only, to `bounceNoticeRecipient`.
        case bounce
        /// `2bounce`: a bounce that cannot be delivered itself, whole, to `doubleBounceNoticeRecipient`
        /// (without it such a bounce is dropped).
        case doubleBounce = "2bounce"
        /// `delay`: a copy of every delay warning, headers only, to `delayNoticeRecipient`.
        case delay
    }

    /// `bounce_size_limit`: a bounce returns the whole message when it is at most this long, else
    /// its header section. Default: 50000 bytes, as Postfix's.
    public var bounceSizeLimit: Int
    /// The postmaster notices wanted (none by default: Postfix's default classes, `resource` and
    /// `software`, are about problems mailroom reports in its log).
    public var postmasterCopies: Set<PostmasterCopy>
    /// `bounce_notice_recipient`, a full address.
    public var bounceNoticeRecipient: String
    /// `2bounce_notice_recipient`.
    public var doubleBounceNoticeRecipient: String
    /// `delay_notice_recipient`.
    public var delayNoticeRecipient: String

    public init(bounceSizeLimit: Int = 50_000, postmasterCopies: Set<PostmasterCopy> = [],
                bounceNoticeRecipient: String = "postmaster", doubleBounceNoticeRecipient: String = "postmaster",
                delayNoticeRecipient: String = "postmaster") {
        self.bounceSizeLimit = bounceSizeLimit
        self.postmasterCopies = postmasterCopies
        self.bounceNoticeRecipient = bounceNoticeRecipient
        self.doubleBounceNoticeRecipient = doubleBounceNoticeRecipient
        self.delayNoticeRecipient = delayNoticeRecipient
    }
}
