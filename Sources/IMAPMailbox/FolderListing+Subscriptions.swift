import IMAPProtocol
import MailFolders

extension FolderListing {
    /// The items of LSUB (RFC 3501 §6.3.9): the subscribed names that match, whether or not they exist (a
    /// subscription outlives its folder, RFC 9051 §6.3.7); `\Noselect` for one that cannot be selected. A level
    /// above a subscribed name that is not subscribed itself is listed `\Noselect` when the pattern stops at it
    /// (`%`) and not at the name below (RFC 3501 §6.3.9: "foo/bar" subscribed, `LSUB "" %` gives "foo").
    /// An empty pattern gives the delimiter answer, as LIST's.
    public static func lsub(reference: MailboxName, pattern: MailboxName, folders: [FolderInfo],
                            subscriptions: [String] = [], utf8Names: Bool) -> [MailboxListItem] {
        guard pattern.bytes.isEmpty == false else {
            return [MailboxListItem(attributes: [.noSelect], delimiter: delimiter, name: "")]
        }
        guard let reference = try? reference.decoded(utf8Names: utf8Names),
              let text = try? pattern.decoded(utf8Names: utf8Names)
        else { return [] }
        let matcher = ListPattern(reference: reference, pattern: text)
        let tree = FolderTree(folders: folders, subscriptions: subscriptions)
        let rank = Dictionary(uniqueKeysWithValues: tree.order.enumerated().map { ($1, $0) })
        // INBOX first, then the store's order for folders, then by name.
        let subscribed = tree.subscribed.sorted { left, right in
            let (leftRank, rightRank) = (rank[left] ?? .max, rank[right] ?? .max)
            return leftRank != rightRank ? leftRank < rightRank : left < right
        }
        var items: [MailboxListItem] = []
        var listed = Set<String>()
        for name in subscribed {
            let levels = FolderTree.ancestors(of: name) + [name]
            for level in levels where !listed.contains(level) && matcher.matches(level) {
                let isSubscribed = tree.subscribed.contains(level)
                // A level is listed for the subscribed names below it that the pattern does not reach.
                guard isSubscribed || !matcher.matches(name) else { continue }
                listed.insert(level)
                let selectable = isSubscribed && tree.folders[level]?.selectable ?? false
                items.append(
                    MailboxListItem(attributes: selectable ? [] : [.noSelect], delimiter: delimiter, name: level))
            }
        }
        return items
    }

    /// STATUS data (RFC 9051 §6.3.11, §7.3.2) from the store's counters, in the order asked: MESSAGES,
    /// UIDNEXT, UIDVALIDITY, UNSEEN, DELETED, SIZE (RFC 8438), RECENT (IMAP4rev1: 0, mailroom keeps no
    /// \Recent), HIGHESTMODSEQ (RFC 7162 §3.1.6), APPENDLIMIT (RFC 7889 §5; left out without `appendLimit`).
    public static func statusValues(_ attributes: [StatusAttribute], _ counters: FolderCounters,
                                    appendLimit: UInt64? = nil) -> [StatusValue] {
        var values: [StatusValue] = []
        for attribute in attributes where !values.contains(where: { $0.attribute == attribute }) {
            let value: UInt64? = switch attribute {
            case .messages: UInt64(clamping: counters.messages)
            case .uidNext: UInt64(counters.uidNext)
            case .uidValidity: UInt64(counters.uidValidity)
            case .unseen: UInt64(clamping: counters.unseen)
            case .deleted: UInt64(clamping: counters.deleted)
            case .size: UInt64(clamping: counters.size)
            case .recent: 0
            case .highestModSequence: counters.highestModSeq
            case .appendLimit: appendLimit
            }
            if let value { values.append(StatusValue(attribute, value)) }
        }
        return values
    }
}
