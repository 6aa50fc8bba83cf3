/// What the driver reports about a mailbox it has just selected, from which the machine writes the
/// SELECT and EXAMINE responses (RFC 9051 §6.3.2-§6.3.3, RFC 3501 §6.3.1-§6.3.2, CONDSTORE RFC 7162
/// §3.1.2.1). The driver keeps the message list itself; this is a snapshot of its head.
public struct SelectedFolderStatus: Hashable, Sendable {
    /// The flags the mailbox knows: `* FLAGS (...)`. Default the five system flags.
    public var flags: [Flag]
    /// The flags the client may change permanently: `[PERMANENTFLAGS (...)]`. Ignored (written as `()`)
    /// when the mailbox is read-only.
    public var permanentFlags: [Flag]
    /// New keywords can be created: `\*` in PERMANENTFLAGS.
    public var allowsNewKeywords: Bool
    /// `* n EXISTS`.
    public var exists: UInt32
    /// `* n RECENT`, for IMAP4rev1 only (RFC 3501 §7.3.2). mailroom keeps no \Recent, so 0.
    public var recent: UInt32
    /// `[UIDVALIDITY n]`.
    public var uidValidity: UInt32
    /// `[UIDNEXT n]`.
    public var uidNext: UInt32
    /// `[HIGHESTMODSEQ n]`, written when CONDSTORE is advertised (RFC 7162 §3.1.2.1).
    public var highestModSequence: UInt64?
    /// The sequence number of the first message without \Seen: `[UNSEEN n]`, IMAP4rev1 only.
    public var firstUnseen: UInt32?
    /// The mailbox's attributes for the `* LIST` an IMAP4rev2 SELECT includes (RFC 9051 §6.3.2).
    public var listAttributes: [MailboxAttribute]
    /// The driver opened the mailbox read-only although SELECT asked for read-write (no write
    /// permission): `[READ-ONLY]`, and the session treats it as EXAMINEd.
    public var forcedReadOnly: Bool

    public init(flags: [Flag] = Flag.system, permanentFlags: [Flag] = Flag.system, allowsNewKeywords: Bool = true,
                exists: UInt32, recent: UInt32 = 0, uidValidity: UInt32, uidNext: UInt32,
                highestModSequence: UInt64? = nil, firstUnseen: UInt32? = nil, listAttributes: [MailboxAttribute] = [],
                forcedReadOnly: Bool = false) {
        self.flags = flags
        self.permanentFlags = permanentFlags
        self.allowsNewKeywords = allowsNewKeywords
        self.exists = exists
        self.recent = recent
        self.uidValidity = uidValidity
        self.uidNext = uidNext
        self.highestModSequence = highestModSequence
        self.firstUnseen = firstUnseen
        self.listAttributes = listAttributes
        self.forcedReadOnly = forcedReadOnly
    }
}
