import IMAPProtocol

/// What a SEARCH writes and what it leaves for `$` (RFC 9051 §6.4.4, §7.3.4; ESEARCH RFC 4731 §3;
/// SEARCHRES RFC 5182 §2).
public struct SearchOutcome: Hashable, Sendable {
    /// `* SEARCH ...` or `* ESEARCH ...`; none for `RETURN (SAVE)` alone (RFC 5182 §2.1).
    public var responses: [UntaggedResponse]
    /// The UIDs to keep as the session's saved result, replacing the one before; nil when the command did
    /// not say SAVE, and the saved result stays as it was.
    public var saved: [UInt32]?
}

extension SearchEvaluator {
    /// The responses for the messages at `positions` (0-based, ascending, as matched against `list`):
    ///
    /// - without RETURN, an IMAP4rev1 session gets `* SEARCH n...` (RFC 3501 §7.2.5), sequence numbers or
    ///   UIDs; an IMAP4rev2 session gets `* ESEARCH (TAG "t") [UID] ALL ...` (RFC 9051 §6.4.4: rev2 servers
    ///   answer SEARCH with ESEARCH, §7.3.4);
    /// - with RETURN, ESEARCH with the results asked for; `RETURN ()` means ALL (RFC 4731 §3.1); MIN, MAX and
    ///   ALL are left out when nothing matched, COUNT never is;
    /// - SAVE (RFC 5182 §2.4) keeps the UIDs of the matches, or only the minimum and/or maximum when MIN and/or
    ///   MAX are the only other options; with SAVE alone no ESEARCH is written.
    public func response(matches positions: [Int], in list: SelectedMessages, tag: String,
                         revision: ResponseEncodingOptions.Revision) -> SearchOutcome {
        let numbers = byUID ? list.uids(atPositions: positions) : positions.map { UInt32($0 + 1) }
        guard let options = command.returnOptions ?? (revision == .imap4rev2 ? [] : nil) else {
            return SearchOutcome(responses: [.search(numbers)], saved: nil)
        }
        let saving = options.contains(.save)
        let results = options.isEmpty ? [.all] : options.filter { $0 != .save }

        var saved: [UInt32]?
        if saving {
            let uids = list.uids(atPositions: positions)
            let extremesOnly = !results.isEmpty && results.allSatisfy { $0 == .min || $0 == .max }
            if extremesOnly, let first = uids.first, let last = uids.last {
                var kept: [UInt32] = []
                if results.contains(.min) { kept.append(first) }
                if results.contains(.max), !kept.contains(last) { kept.append(last) }
                saved = kept
            } else {
                saved = uids
            }
        }
        guard !results.isEmpty else { return SearchOutcome(responses: [], saved: saved) }
        let response = ESearchResponse(
            tag: tag, byUID: byUID,
            min: results.contains(.min) ? numbers.first : nil,
            max: results.contains(.max) ? numbers.last : nil,
            all: results.contains(.all) && !numbers.isEmpty ? Self.compressed(numbers) : nil,
            count: results.contains(.count) ? numbers.count : nil)
        return SearchOutcome(responses: [.esearch(response)], saved: saved)
    }

    /// Ascending numbers as ranges of consecutive ones (`1:3,7`), the `sequence-set` ALL returns.
    static func compressed(_ numbers: [UInt32]) -> UIDSet {
        var ranges: [ClosedRange<UInt32>] = []
        for number in numbers {
            if let last = ranges.last, last.upperBound != .max, last.upperBound + 1 == number {
                ranges[ranges.count - 1] = last.lowerBound...number
            } else {
                ranges.append(number...number)
            }
        }
        return UIDSet(ranges)
    }
}
