import MailFolders
import MailIndex
import MailMessage

/// One message as a FETCH or SEARCH batch needs it: its index row, and its structure (or only its
/// ENVELOPE) and content when asked for.
struct LoadedMessage {
    var message: IndexedMessage
    var structure: MessageStructure?
    var envelope: Envelope?
    var content: [UInt8]?
}

/// Reads what FETCH and SEARCH need of the messages a session names by UID (``SelectedMessages`` keeps
/// nothing else), in batches, on the thread pool: the rows, the structures and the contents in one
/// step each.
enum MessageLoader {
    /// Messages read per trip to the thread pool: enough to keep the trips few.
    static let batch = 256
    /// With contents, a batch also ends once it holds this many bytes, so the contents held at once
    /// stay small.
    static let batchBytes: Int64 = 4 << 20

    /// How much of each message's parsed structure a batch reads.
    enum StructurePart {
        case none
        /// Only the ENVELOPE (SEARCH FROM, SUBJECT, SENT*): the cheapest read of a kept structure.
        case envelope
        case whole
    }

    /// Reads a prefix of `uids` (ascending): at most `count` messages and, with `contents`, at most
    /// `bytes` of them, but always one. Returns an entry per UID of the prefix, `nil` for a message
    /// that is gone or cannot be read any more.
    static func load(_ uids: ArraySlice<UInt32>, from store: any FolderStore, in folder: String,
                     structure part: StructurePart, contents: Bool,
                     count: Int = batch, bytes budget: Int64 = batchBytes) -> [LoadedMessage?] {
        let wanted = Array(uids.prefix(count))
        var rows = aligned(wanted, (try? store.messages(wanted, in: folder)) ?? [])
        if contents {
            var bytes: Int64 = 0
            let count = rows.firstIndex { row in
                bytes += row?.size ?? 0
                return bytes > budget
            } ?? rows.count
            rows.removeLast(rows.count - max(count, 1))
        }
        let present = rows.compactMap { $0 }
        let structures = part == .whole ? byUID(present) { try store.structures(of: $0, in: folder) } : [:]
        let envelopes = part == .envelope ? byUID(present) { try store.envelopes(of: $0, in: folder) } : [:]
        let read = contents ? byUID(present) { try store.contents(of: $0, in: folder) } : [:]
        return rows.map { row in
            guard let row else { return nil }
            var loaded = LoadedMessage(message: row, structure: structures[row.uid], envelope: envelopes[row.uid])
            switch part {
            case .whole where loaded.structure == nil, .envelope where loaded.envelope == nil: return nil
            default: break
            }
            guard contents else { return loaded }
            guard let content = read[row.uid] ?? nil else { return nil }
            loaded.content = content
            return loaded
        }
    }

    /// What `read` gives for each message, by UID: for all in one step; should that fail (one of them
    /// is gone), one by one, so one message that cannot be read does not fail the others.
    private static func byUID<T>(_ messages: [IndexedMessage],
                                 _ read: ([IndexedMessage]) throws -> [T]) -> [UInt32: T] {
        if let all = try? read(messages) {
            return Dictionary(zip(messages.map(\.uid), all)) { first, _ in first }
        }
        var found: [UInt32: T] = [:]
        for message in messages {
            found[message.uid] = (try? read([message]))?.first
        }
        return found
    }

    /// `rows` (ascending, a subset of `uids`) put beside the UIDs they belong to.
    static func aligned(_ uids: [UInt32], _ rows: [IndexedMessage]) -> [IndexedMessage?] {
        var next = rows.startIndex
        return uids.map { uid in
            while next < rows.endIndex, rows[next].uid < uid { next += 1 }
            guard next < rows.endIndex, rows[next].uid == uid else { return nil }
            return rows[next]
        }
    }
}
