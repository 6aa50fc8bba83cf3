import IMAPProtocol
import MailIndex

/// Why a client's sequence set names no messages it may name (RFC 9051 §6.4.5, §9 `seq-number`): a sequence
/// number above the number of messages, or `*` in an empty mailbox. The driver answers `BAD` with ``text``, as
/// Dovecot does ("Invalid messageset"); a UID set never fails.
public struct ResolveError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What the client is told.
    public let text: String

    init(_ text: String) {
        self.text = text
    }

    public var description: String { text }
}

extension SelectedMessages {
    /// The 0-based positions a sequence set names, ascending, each once.
    ///
    /// - By UID (`UID FETCH`, `UID STORE`, ..., RFC 9051 §6.4.9): `*` is the highest UID in the list, a
    ///   range may be written in either order, and UIDs the list does not hold are skipped (`559:*` with 500
    ///   the highest UID still names message 500, §6.4.9).
    /// - By sequence number (§2.3.1.2): `*` is ``count``; a number above ``count``, or `*` with no messages,
    ///   is an error.
    /// - `$` (SEARCHRES, RFC 5182 §2.1) is the UIDs a SEARCH saved, `saved`, whichever kind of command uses
    ///   it; messages expunged since are skipped, and with nothing saved it names nothing.
    public func resolve(_ set: SequenceSet, byUID: Bool, saved: [UInt32]?) -> Result<[Int], ResolveError> {
        switch set {
        case .lastCommand:
            return .success(Set((saved ?? []).compactMap(position(ofUID:))).sorted())
        case .ranges(let ranges):
            var spans: [Range<Int>] = []
            spans.reserveCapacity(ranges.count)
            for range in ranges {
                if byUID {
                    let span = range.resolved(last: lastUID)
                    let start = firstPosition(atOrAbove: span.lowerBound)
                    let end = span.upperBound == .max ? uids.count : firstPosition(atOrAbove: span.upperBound + 1)
                    if start < end { spans.append(start..<end) }
                } else {
                    // `*` in an empty mailbox resolves to 0, which is no message either.
                    let numbers = range.resolved(last: UInt32(clamping: count))
                    guard numbers.lowerBound >= 1, numbers.upperBound <= count else {
                        return .failure(ResolveError("Invalid messageset"))
                    }
                    spans.append(Int(numbers.lowerBound) - 1..<Int(numbers.upperBound))
                }
            }
            return .success(Self.merged(spans))
        }
    }

    /// The positions of `spans`, sorted and without repeats.
    static func merged(_ spans: [Range<Int>]) -> [Int] {
        var positions: [Int] = []
        var covered = 0
        for span in spans.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            let start = max(span.lowerBound, covered)
            guard start < span.upperBound else { continue }
            positions.append(contentsOf: start..<span.upperBound)
            covered = span.upperBound
        }
        return positions
    }
}
