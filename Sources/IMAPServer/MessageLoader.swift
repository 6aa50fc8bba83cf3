import IMAPProtocol
import MailFolders
import MailIndex
import MailMessage

/// One message as a FETCH or SEARCH batch needs it: its index row, and its structure (or only its
/// ENVELOPE) and content when asked for.
struct LoadedMessage {
    var message: IndexedMessage
    var structure: MessageStructure?
    var envelope: Envelope?
    /// ENVELOPE, BODY and BODYSTRUCTURE as the session sends them (``StructurePart/encoded(utf8:)``).
    var encoded: EncodedStructure?
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
    enum StructurePart: Equatable {
        case none
        /// Only the ENVELOPE (SEARCH FROM, SUBJECT, SENT*): the cheapest read of a kept structure.
        case envelope
        case whole
        /// ENVELOPE, BODY and BODYSTRUCTURE on the wire, in UTF-8 strings or 7-bit ones: kept in the
        /// index, so FETCH of them copies bytes (``EncodedStructure``).
        case encoded(utf8: Bool)
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
        var encoded: [UInt32: EncodedStructure] = [:]
        var parsed: [UInt32: MessageStructure] = [:]
        if case .encoded(let utf8) = part {
            let read = { (messages: [IndexedMessage]) in try encodedStructures(messages, utf8: utf8, from: store, in: folder) }
            // As byUID: all at once, else one by one, so a message that is gone does not fail the others.
            if let all = try? read(present) {
                (encoded, parsed) = all
            } else {
                for message in present {
                    guard let (one, parsedOne) = try? read([message]) else { continue }
                    encoded.merge(one) { first, _ in first }
                    parsed.merge(parsedOne) { first, _ in first }
                }
            }
        }
        let read = contents ? byUID(present) { try store.contents(of: $0, in: folder) } : [:]
        return rows.map { row in
            guard let row else { return nil }
            var loaded = LoadedMessage(message: row, structure: structures[row.uid] ?? parsed[row.uid],
                                       envelope: envelopes[row.uid], encoded: encoded[row.uid])
            switch part {
            case .whole where loaded.structure == nil, .envelope where loaded.envelope == nil,
                 .encoded where loaded.encoded == nil && loaded.structure == nil:
                return nil
            default: break
            }
            guard contents else { return loaded }
            guard let content = read[row.uid] ?? nil else { return nil }
            loaded.content = content
            return loaded
        }
    }

    /// The messages' ``EncodedStructure``s in one string style, read from the index; for a message
    /// without one, its parsed structure instead. A message fetched before (its parsed structure was
    /// kept) gets its wire forms made and kept now; one never fetched is only parsed (and that kept),
    /// so a mailbox's first FETCH pays for no form a client may never ask for again, as Dovecot
    /// caches a field once it is asked for a second time.
    private static func encodedStructures(_ messages: [IndexedMessage], utf8: Bool, from store: any FolderStore,
                                          in folder: String) throws -> ([UInt32: EncodedStructure], [UInt32: MessageStructure]) {
        let form: KeptStructure = utf8 ? .wireUTF8 : .wire7Bit
        var encoded: [UInt32: EncodedStructure] = [:]
        for (uid, blob) in try store.keptStructures(of: messages.map(\.uid), as: form, in: folder) {
            encoded[uid] = EncodedStructure(serialized: blob)
        }
        let missing = messages.filter { encoded[$0.uid] == nil }
        guard !missing.isEmpty else { return (encoded, [:]) }
        // The parsed structures kept are read once: they both tell which messages were fetched before
        // and are what the wire forms are made from.
        let kept = try store.keptStructures(of: missing.map(\.uid), as: .parsed, in: folder)
        let options = ResponseEncodingOptions(utf8Accepted: utf8)
        var made: [UInt32: [UInt8]] = [:]
        var neverParsed: [IndexedMessage] = []
        for message in missing {
            guard let blob = kept[message.uid], let structure = try? MessageStructure(serialized: blob) else {
                neverParsed.append(message)
                continue
            }
            let wire = EncodedStructure(envelope: structure.envelope, bodyStructure: structure.bodyStructure, options: options)
            encoded[message.uid] = wire
            made[message.uid] = wire.serialized()
        }
        try store.keep(made, as: form, in: folder)
        // Parsed now (and kept); a parsed structure kept in a form this version cannot read is parsed again.
        var parsed: [UInt32: MessageStructure] = [:]
        for (message, structure) in zip(neverParsed, try store.structures(of: neverParsed, in: folder)) {
            parsed[message.uid] = structure
        }
        return (encoded, parsed)
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
