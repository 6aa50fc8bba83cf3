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

    /// Reads a prefix of `uids` (ascending): at most ``batch`` messages and, with `contents`, at most
    /// ``batchBytes`` of them, but always one. Returns an entry per UID of the prefix, `nil` for a
    /// message that is gone or cannot be read any more. With `envelopes` (and not `structures`), only
    /// each message's ENVELOPE is read of its structure.
    static func load(_ uids: ArraySlice<UInt32>, from store: any FolderStore, in folder: String,
                     structures: Bool, envelopes: Bool = false, contents: Bool) -> [LoadedMessage?] {
        let wanted = Array(uids.prefix(batch))
        var rows = aligned(wanted, (try? store.messages(wanted, in: folder)) ?? [])
        if contents {
            var bytes: Int64 = 0
            let count = rows.firstIndex { row in
                bytes += row?.size ?? 0
                return bytes > batchBytes
            } ?? rows.count
            rows.removeLast(rows.count - max(count, 1))
        }
        let present = rows.compactMap { $0 }
        var found: [UInt32: MessageStructure] = [:]
        if structures {
            if let all = try? store.structures(of: present, in: folder) {
                found = Dictionary(uniqueKeysWithValues: zip(present.map(\.uid), all))
            } else {
                // One of them is gone: find which, one by one.
                for message in present {
                    found[message.uid] = try? store.structures(of: [message], in: folder).first
                }
            }
        }
        var envelopesFound: [UInt32: Envelope] = [:]
        if envelopes, !structures {
            if let all = try? store.envelopes(of: present, in: folder) {
                envelopesFound = Dictionary(uniqueKeysWithValues: zip(present.map(\.uid), all))
            } else {
                for message in present {
                    envelopesFound[message.uid] = try? store.envelopes(of: [message], in: folder).first
                }
            }
        }
        var read: [UInt32: [UInt8]] = [:]
        if contents {
            // All in one step; should that fail, one by one, so one bad message does not fail the others.
            let all = (try? store.contents(of: present, in: folder)) ?? present.map { try? store.content(of: $0, in: folder) }
            for (message, content) in zip(present, all) {
                read[message.uid] = content
            }
        }
        return rows.map { row in
            guard let row else { return nil }
            let structure = found[row.uid]
            if structures, structure == nil { return nil }
            let envelope = envelopesFound[row.uid]
            if envelopes, !structures, envelope == nil { return nil }
            guard contents else { return LoadedMessage(message: row, structure: structure, envelope: envelope) }
            guard let content = read[row.uid] else { return nil }
            return LoadedMessage(message: row, structure: structure, content: content)
        }
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
