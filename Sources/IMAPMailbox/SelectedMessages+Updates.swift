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
    /// Idempotent: a message's change is taken only when its MODSEQ is above the one the list holds, so the
    /// same changes applied twice write nothing the second time.
    public mutating func apply(_ changes: FolderChanges, expungesAllowed: Bool,
                               includeModSequence: Bool = false) -> [UntaggedResponse] {
        var updates: [UntaggedResponse] = []
        let expunged = Set(changes.expunged)
        for uid in changes.expunged {
            if let position = position(ofUID: uid) { entries[position].expunged = true }
        }
        if expungesAllowed { updates = removeExpunged() }

        let lastUID = entries.last?.message.uid ?? 0
        var arrived = false
        var flagChanges: [UInt32] = []
        for message in changes.changed where !expunged.contains(message.uid) {
            if message.uid > (entries.last?.message.uid ?? 0) {
                entries.append(Entry(message: message, expunged: false))
                arrived = true
            } else if message.uid <= lastUID, let position = position(ofUID: message.uid),
                      !entries[position].expunged, message.modSeq > entries[position].message.modSeq {
                let before = entries[position].message.flags
                entries[position].message = message
                if message.flags != before { flagChanges.append(message.uid) }
            }
        }
        if arrived { updates.append(.exists(UInt32(clamping: entries.count))) }
        for uid in flagChanges {
            guard let position = position(ofUID: uid) else { continue }
            updates.append(.fetch(UInt32(position + 1), fetchItems(entries[position].message, includeModSequence)))
        }

        uidNext = max(uidNext, changes.head.uidNext, (entries.last?.message.uid ?? 0) &+ 1)
        highestModSeq = max(highestModSeq, changes.head.highestModSeq, changes.changed.map(\.modSeq).max() ?? 0)
        return updates
    }

    /// Records the session's own STORE results (`FolderStore.changeFlags`): the client hears of them from
    /// the STORE itself (or asked not to with .SILENT), so the next ``apply(_:expungesAllowed:includeModSequence:)``
    /// does not repeat them. A later change by someone else has a higher MODSEQ and is still reported, as
    /// RFC 9051 §6.4.6 requires even after .SILENT.
    public mutating func recordOwnChange(_ messages: [IndexedMessage]) {
        for message in messages {
            guard let position = position(ofUID: message.uid), message.modSeq >= entries[position].message.modSeq
            else { continue }
            entries[position].message = message
        }
    }

    /// Removes messages this session expunged itself (EXPUNGE, UID EXPUNGE, MOVE) and returns their
    /// `* n EXPUNGE` responses in descending order (RFC 9051 §6.4.3, §7.5.1); `newHighestModSeq` is what the
    /// store returned, so the next look for changes starts after them.
    public mutating func removeOwnExpunges(_ uids: [UInt32], newHighestModSeq: UInt64? = nil) -> [UntaggedResponse] {
        for uid in uids {
            if let position = position(ofUID: uid) { entries[position].expunged = true }
        }
        if let newHighestModSeq { highestModSeq = max(highestModSeq, newHighestModSeq) }
        return removeExpunged()
    }

    /// What SELECT and EXAMINE report (RFC 9051 §6.3.2, RFC 3501 §6.3.1): FLAGS with the system flags and
    /// every keyword in use, the same in PERMANENTFLAGS with `\*` (new keywords may be created), EXISTS,
    /// UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ, the first message without `\Seen` (IMAP4rev1's `[UNSEEN n]`),
    /// no `\Recent` (RECENT 0), and the LIST attributes of the mailbox.
    public func selectStatus(listAttributes: [MailboxAttribute]) -> SelectedFolderStatus {
        var keywords: [String: String] = [:]
        for entry in entries {
            for keyword in entry.message.flags.keywords where keywords[keyword.lowercased()] == nil {
                keywords[keyword.lowercased()] = keyword
            }
        }
        let flags = Flag.system + keywords.values.sorted().map(Flag.keyword)
        let firstUnseen = entries.firstIndex { !$0.message.flags.system.contains(.seen) }.map { UInt32($0 + 1) }
        return SelectedFolderStatus(
            flags: flags, permanentFlags: flags, allowsNewKeywords: true, exists: UInt32(clamping: entries.count),
            recent: 0, uidValidity: uidValidity, uidNext: uidNext, highestModSequence: highestModSeq,
            firstUnseen: firstUnseen, listAttributes: listAttributes)
    }

    /// Drops the messages marked gone, returning their EXPUNGE responses, highest sequence number first.
    private mutating func removeExpunged() -> [UntaggedResponse] {
        var updates: [UntaggedResponse] = []
        for position in entries.indices.reversed() where entries[position].expunged {
            updates.append(.expunge(UInt32(position + 1)))
        }
        entries.removeAll(where: \.expunged)
        return updates
    }

    private func fetchItems(_ message: IndexedMessage, _ includeModSequence: Bool) -> [FetchItem] {
        var items: [FetchItem] = [.uid(message.uid), .flags(message.flags.imapFlags)]
        if includeModSequence { items.append(.modSequence(message.modSeq)) }
        return items
    }
}
