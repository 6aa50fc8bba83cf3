import IMAPProtocol
import MailIndex

/// The session's view of its selected folder (RFC 9051 §2.3.1.2, §7.4.1): the messages in the order of
/// their sequence numbers, as the client has been told about them.
///
/// Theory of operation: the list starts as the folder's snapshot at SELECT. Changes made by other sessions
/// and deliveries come in through ``apply(_:expungesAllowed:includeModSequence:)``, which merges them and
/// returns the untagged responses that tell the client. A message another session expunged while EXPUNGE
/// may not be written (during FETCH, STORE, SEARCH, RFC 9051 §7.4.1) stays in the list, marked gone
/// (``isExpunged(atSequence:)``), so sequence numbers keep their meaning until a later command announces it.
/// UIDs only grow (§2.3.1.1), so the list is in UID order and new messages join at the end.
public struct SelectedMessages: Sendable {
    /// One message and whether it is gone from the folder without the client having been told.
    struct Entry: Sendable {
        var message: IndexedMessage
        var expunged: Bool
    }

    var entries: [Entry]
    /// `[UIDVALIDITY n]` (§2.3.1.1).
    public internal(set) var uidValidity: UInt32
    /// `[UIDNEXT n]`: at least one more than every UID the session knows.
    public internal(set) var uidNext: UInt32
    /// The folder's HIGHESTMODSEQ as last seen (RFC 7162 §3.1.2): the `since` of the next
    /// `FolderStore.changes(in:since:)`.
    public internal(set) var highestModSeq: UInt64

    /// The folder as SELECT opened it. UIDs the snapshot reports as vanished are not in its list and are
    /// not announced: the client has not seen them.
    public init(snapshot: FolderSnapshot) {
        let sorted = snapshot.messages.sorted { $0.uid < $1.uid }
        entries = sorted.map { Entry(message: $0, expunged: false) }
        uidValidity = snapshot.status.uidValidity
        uidNext = max(snapshot.status.uidNext, (sorted.last?.uid ?? 0) &+ 1)
        highestModSeq = max(snapshot.status.highestModSeq, sorted.map(\.modSeq).max() ?? 0)
    }

    /// `* n EXISTS` as the client knows it: messages in the list, those gone but not yet announced included.
    public var count: Int { entries.count }

    /// The message with sequence number `sequence` (1 to ``count``); a number out of range is a bug in the
    /// caller, which resolves client numbers with ``resolve(_:byUID:saved:)`` first.
    public func message(atSequence sequence: UInt32) -> IndexedMessage {
        entries[Int(sequence) - 1].message
    }

    /// The message at 0-based `position`, as ``resolve(_:byUID:saved:)`` gives them.
    public func message(atPosition position: Int) -> IndexedMessage {
        entries[position].message
    }

    /// True when the message was expunged by someone else and the EXPUNGE is still owed: its content is gone,
    /// so FETCH of its body answers `NO [EXPUNGEISSUED]` and STORE leaves it alone (RFC 9051 §7.1, RFC 2180
    /// §4.1.3, as Dovecot does); its UID and last known flags remain readable.
    public func isExpunged(atSequence sequence: UInt32) -> Bool {
        entries[Int(sequence) - 1].expunged
    }

    /// True for a message still in the list but announced as nothing yet (see ``isExpunged(atSequence:)``).
    public func isExpunged(atPosition position: Int) -> Bool {
        entries[position].expunged
    }

    /// The sequence number of the message with `uid`, nil when the list does not hold it.
    public func sequenceNumber(ofUID uid: UInt32) -> UInt32? {
        position(ofUID: uid).map { UInt32($0 + 1) }
    }

    /// The UIDs of messages at `positions`.
    public func uids(atPositions positions: [Int]) -> [UInt32] {
        positions.map { entries[$0].message.uid }
    }

    /// Every message in sequence order.
    public var messages: [IndexedMessage] { entries.map(\.message) }

    /// The 0-based position of `uid`, by binary search (the list is in UID order).
    func position(ofUID uid: UInt32) -> Int? {
        let index = firstPosition(atOrAbove: uid)
        return index < entries.count && entries[index].message.uid == uid ? index : nil
    }

    /// The first position whose UID is at least `uid` (``count`` when none is).
    func firstPosition(atOrAbove uid: UInt32) -> Int {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].message.uid < uid { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
