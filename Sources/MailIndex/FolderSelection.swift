/// What SELECT and EXAMINE report of a folder (RFC 9051 §6.3.2) without the rows of its messages: its
/// status, its UIDs in order, the keywords in use and the first message without `\Seen`. A session
/// keeps the UIDs; sessions that select an unchanged folder can share one copy of them.
public struct FolderSelection: Sendable {
    public var status: FolderStatus
    /// Every message's UID, ascending.
    public var uids: [UInt32]
    /// The keywords some message has, each once whatever its case (the first spelling met), sorted.
    public var keywords: [String]
    /// The lowest UID of a message without `\Seen`.
    public var firstUnseenUID: UInt32?

    /// The selection of a folder with `status` whose messages have these UIDs (ascending) and flags.
    public init(status: FolderStatus, messages: [(uid: UInt32, flags: MessageFlags)]) {
        var keywords: [String: String] = [:]
        var firstUnseen: UInt32?
        for message in messages {
            for keyword in message.flags.keywords where keywords[keyword.lowercased()] == nil {
                keywords[keyword.lowercased()] = keyword
            }
            if firstUnseen == nil, !message.flags.system.contains(.seen) { firstUnseen = message.uid }
        }
        self.status = status
        self.uids = messages.map(\.uid)
        self.keywords = keywords.values.sorted()
        self.firstUnseenUID = firstUnseen
    }

    /// True while the folder is as it was when this was read: every change moves HIGHESTMODSEQ.
    public func isCurrent(for head: FolderHead) -> Bool {
        head.uidValidity == status.uidValidity && head.uidNext == status.uidNext && head.highestModSeq == status.highestModSeq
    }
}
