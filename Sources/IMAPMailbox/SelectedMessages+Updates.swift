import IMAPProtocol
import MailFolders
import MailIndex

extension SelectedMessages {
    /// Merges what others changed in the folder (`FolderStore.changes(in:since:)` with ``highestModSeq``)
    /// and returns the updates to write, in this order (RFC 9051 §7.4.1, §7.5):
    ///
    /// 1. `* n EXPUNGE` for every message gone, when `expungesAllowed`, in descending sequence order so each
    ///    number is the one valid when it is written (§7.5.1: "the message sequence number of each message
    ///    after it is decremented by 1"). Otherwise the messages stay in the list, marked gone, until a call
    ///    that allows it.
    /// 2. `* n EXISTS` when new messages arrived (§7.4.1), the count after the expunges written.
    /// 3. `* n FETCH (UID u FLAGS (...))` for each message the client knows whose flags someone else changed
    ///    (§7.5.2). UID is not required by RFC 9051 but is always sent, as Dovecot does, so clients need no
    ///    sequence bookkeeping; `MODSEQ` joins with `includeModSequence` (CONDSTORE enabled, RFC 7162 §3.2).
    ///
    /// Idempotent: a message's flag change is taken only when its MODSEQ is above ``highestModSeq`` as it
    /// was before the call, so the same changes applied twice write nothing the second time.
    public mutating func apply(_ changes: FolderChanges, expungesAllowed: Bool,
                               includeModSequence: Bool = false) -> [UntaggedResponse] {
        var updates: [UntaggedResponse] = []
        let expunged = Set(changes.expunged)
        for uid in changes.expunged where position(ofUID: uid) != nil {
            gone.insert(uid)
        }
        if expungesAllowed { updates = removeExpunged() }

        let knownModSeq = highestModSeq
        let lastKnownUID = lastUID
        var arrived = false
        var flagChanges: [IndexedMessage] = []
        for message in changes.changed where !expunged.contains(message.uid) {
            if message.uid > lastUID {
                uids.append(message.uid)
                arrived = true
            } else if message.uid <= lastKnownUID, message.modSeq > knownModSeq,
                      message.modSeq > ownChanges[message.uid] ?? 0, !gone.contains(message.uid) {
                flagChanges.append(message)
            }
        }
        if arrived { updates.append(.exists(UInt32(clamping: uids.count))) }
        for message in flagChanges {
            guard let sequence = sequenceNumber(ofUID: message.uid) else { continue }
            updates.append(.fetch(sequence, fetchItems(message, includeModSequence)))
        }

        uidNext = max(uidNext, changes.head.uidNext, lastUID &+ 1)
        highestModSeq = max(highestModSeq, changes.head.highestModSeq, changes.changed.map(\.modSeq).max() ?? 0)
        ownChanges = ownChanges.filter { $0.value > highestModSeq }
        return updates
    }

    /// Records the session's own STORE results (`FolderStore.changeFlags`): the client hears of them from
    /// the STORE itself (or asked not to with .SILENT), so the next ``apply(_:expungesAllowed:includeModSequence:)``
    /// does not repeat them. A later change by someone else has a higher MODSEQ and is still reported, as
    /// RFC 9051 §6.4.6 requires even after .SILENT.
    public mutating func recordOwnChange(_ messages: [IndexedMessage]) {
        for message in messages where message.modSeq > highestModSeq && position(ofUID: message.uid) != nil {
            ownChanges[message.uid] = max(ownChanges[message.uid] ?? 0, message.modSeq)
        }
    }

    /// What SELECT and EXAMINE report (RFC 9051 §6.3.2, RFC 3501 §6.3.1) for the folder opened as
    /// `selection`: FLAGS with the system flags and every keyword in use, the same in PERMANENTFLAGS with
    /// `\*` (new keywords may be created), EXISTS, UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ, the first message
    /// without `\Seen` (IMAP4rev1's `[UNSEEN n]`), no `\Recent` (RECENT 0), and the LIST attributes of the
    /// mailbox.
    public func selectStatus(of selection: FolderSelection, listAttributes: [MailboxAttribute]) -> SelectedFolderStatus {
        let flags = Flag.system + selection.keywords.map(Flag.keyword)
        return SelectedFolderStatus(
            flags: flags, permanentFlags: flags, allowsNewKeywords: true, exists: UInt32(clamping: uids.count),
            recent: 0, uidValidity: uidValidity, uidNext: uidNext, highestModSequence: highestModSeq,
            firstUnseen: selection.firstUnseenUID.flatMap(sequenceNumber(ofUID:)), listAttributes: listAttributes)
    }

    /// Drops the messages marked gone, returning their EXPUNGE responses, highest sequence number first.
    private mutating func removeExpunged() -> [UntaggedResponse] {
        guard !gone.isEmpty else { return [] }
        var updates: [UntaggedResponse] = []
        for position in uids.indices.reversed() where gone.contains(uids[position]) {
            updates.append(.expunge(UInt32(position + 1)))
        }
        uids.removeAll(where: gone.contains)
        gone = []
        return updates
    }

    private func fetchItems(_ message: IndexedMessage, _ includeModSequence: Bool) -> [FetchItem] {
        var items: [FetchItem] = [.uid(message.uid), .flags(message.flags.imapFlags)]
        if includeModSequence { items.append(.modSequence(message.modSeq)) }
        return items
    }
}
