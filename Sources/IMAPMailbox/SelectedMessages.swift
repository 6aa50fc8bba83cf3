import IMAPProtocol
import MailIndex

/// The session's view of its selected folder (RFC 9051 §2.3.1.2, §7.4.1): the UIDs of its messages in
/// the order of their sequence numbers, as the client has been told about them.
///
/// Theory of operation: the list starts as the folder's snapshot at SELECT. Changes made by other sessions
/// and deliveries come in through ``apply(_:expungesAllowed:includeModSequence:)``, which merges them and
/// returns the untagged responses that tell the client. A message another session expunged while EXPUNGE
/// may not be written (during FETCH, STORE, SEARCH, RFC 9051 §7.4.1) stays in the list, marked gone
/// (``isExpunged(atSequence:)``), so sequence numbers keep their meaning until a later command announces it.
/// UIDs only grow (§2.3.1.1), so the list is in UID order and new messages join at the end.
///
/// Only UIDs are kept (4 bytes a message): flags, sizes and dates live in the folder's index, which a
/// command reads for the messages it names. So a session idling on a large folder costs little memory,
/// and several sessions on one folder hold no copies of the same rows.
public struct SelectedMessages: Sendable {
    /// The UIDs in sequence order, ascending.
    public internal(set) var uids: [UInt32]
    /// Messages still in the list whose EXPUNGE is owed to the client.
    var gone: Set<UInt32> = []
    /// The MODSEQ of the session's own flag changes (``recordOwnChange(_:)``) that no look for changes
    /// has passed yet, by UID: the client heard of them from its STORE.
    var ownChanges: [UInt32: UInt64] = [:]
    /// `[UIDVALIDITY n]` (§2.3.1.1).
    public internal(set) var uidValidity: UInt32
    /// `[UIDNEXT n]`: at least one more than every UID the session knows.
    public internal(set) var uidNext: UInt32
    /// The folder's HIGHESTMODSEQ as last seen (RFC 7162 §3.1.2): the `since` of the next
    /// `FolderStore.changes(in:since:)`.
    public internal(set) var highestModSeq: UInt64

    /// The folder as SELECT opened it.
    public init(selection: FolderSelection) {
        uids = selection.uids
        uidValidity = selection.status.uidValidity
        uidNext = max(selection.status.uidNext, (uids.last ?? 0) &+ 1)
        highestModSeq = selection.status.highestModSeq
    }

    /// `* n EXISTS` as the client knows it: messages in the list, those gone but not yet announced included.
    public var count: Int { uids.count }

    /// The highest UID in the list (`*` in a UID set), 0 when it is empty.
    public var lastUID: UInt32 { uids.last ?? 0 }

    /// The UID of the message with sequence number `sequence` (1 to ``count``); a number out of range is a
    /// bug in the caller, which resolves client numbers with ``resolve(_:byUID:saved:)`` first.
    public func uid(atSequence sequence: UInt32) -> UInt32 {
        uids[Int(sequence) - 1]
    }

    /// The UID of the message at 0-based `position`, as ``resolve(_:byUID:saved:)`` gives them.
    public func uid(atPosition position: Int) -> UInt32 {
        uids[position]
    }

    /// True when the message was expunged by someone else and the EXPUNGE is still owed: it is gone from
    /// the folder, so FETCH answers `NO [EXPUNGEISSUED]` for it and STORE leaves it alone (RFC 9051 §7.1,
    /// RFC 2180 §4.1.3); its UID remains readable.
    public func isExpunged(atSequence sequence: UInt32) -> Bool {
        isExpunged(atPosition: Int(sequence) - 1)
    }

    /// True for a message still in the list but announced as nothing yet (see ``isExpunged(atSequence:)``).
    public func isExpunged(atPosition position: Int) -> Bool {
        !gone.isEmpty && gone.contains(uids[position])
    }

    /// The sequence number of the message with `uid`, nil when the list does not hold it.
    public func sequenceNumber(ofUID uid: UInt32) -> UInt32? {
        position(ofUID: uid).map { UInt32($0 + 1) }
    }

    /// The UIDs of messages at `positions`.
    public func uids(atPositions positions: [Int]) -> [UInt32] {
        positions.map { uids[$0] }
    }

    /// The 0-based position of `uid`, by binary search (the list is in UID order).
    func position(ofUID uid: UInt32) -> Int? {
        let index = firstPosition(atOrAbove: uid)
        return index < uids.count && uids[index] == uid ? index : nil
    }

    /// The first position whose UID is at least `uid` (``count`` when none is).
    func firstPosition(atOrAbove uid: UInt32) -> Int {
        var low = 0
        var high = uids.count
        while low < high {
            let middle = (low + high) / 2
            if uids[middle] < uid { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
