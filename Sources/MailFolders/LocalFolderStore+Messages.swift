import Glibc
import MailIndex
import MailMessage
import MailStore

/// Message commands: SELECT, FETCH, APPEND, STORE, COPY, MOVE, EXPUNGE (RFC 9051 §6.3–6.4), and
/// POP3's maildrop (RFC 1939).
extension LocalFolderStore {
    public func open(_ folder: String) throws(FolderStoreError) -> FolderSnapshot {
        try locked { (states) throws(FolderStoreError) -> FolderSnapshot in
            if let snapshot = try refresh(folder, in: &states) { return snapshot }
            guard let status = try mapped({ () throws(IndexError) in try index.status(of: folder) }) else {
                throw FolderStoreError(.nonexistent, "no folder \(canonicalFolderName(folder))")
            }
            let messages = try mapped { () throws(IndexError) in try index.messages(in: folder, changedSince: 0) }
            return FolderSnapshot(status: status, messages: messages, vanished: [])
        }
    }

    public func select(_ folder: String) throws(FolderStoreError) -> FolderSelection {
        let name = canonicalFolderName(folder)
        return try locked { (states) throws(FolderStoreError) -> FolderSelection in
            try refresh(name, in: &states)
            let head = try mapped { () throws(IndexError) in try index.head(of: name) }
            if let head, let kept = states[name]?.selection, kept.isCurrent(for: head) { return kept }
            guard let selection = try mapped({ () throws(IndexError) in try index.selection(of: name) }) else {
                throw FolderStoreError(.nonexistent, "no folder \(name)")
            }
            states[name]?.selection = selection
            return selection
        }
    }

    public func changes(in folder: String, since modSeq: UInt64) throws(FolderStoreError) -> FolderChanges {
        try locked { (states) throws(FolderStoreError) -> FolderChanges in
            try refresh(folder, in: &states)
            guard let head = try mapped({ () throws(IndexError) in try index.head(of: folder) }) else {
                throw FolderStoreError(.nonexistent, "no folder \(canonicalFolderName(folder))")
            }
            // Every change moves HIGHESTMODSEQ (expunges too): when it has not moved, nothing did.
            guard head.highestModSeq != modSeq else { return FolderChanges(head: head, changed: [], expunged: []) }
            return FolderChanges(
                head: head, changed: try mapped { () throws(IndexError) in try index.messages(in: folder, changedSince: modSeq) },
                expunged: try mapped { () throws(IndexError) in try index.expunged(from: folder, since: modSeq) })
        }
    }

    /// The message's bytes, CRLF line ends, cut or padded with spaces to exactly `message.size` should
    /// the file disagree with the size its name or the index gave (a wrong `W=`), so an IMAP literal
    /// announced with RFC822.SIZE, or a POP3 LIST size, is never wrong.
    public func content(of message: IndexedMessage, in folder: String) throws(FolderStoreError) -> [UInt8] {
        var position = ContentPosition()
        return try content(of: message, in: folder, continuing: &position, storedBytes: .max)
    }

    public func content(of message: IndexedMessage, in folder: String, continuing position: inout ContentPosition,
                        storedBytes: Int) throws(FolderStoreError) -> [UInt8] {
        precondition(storedBytes > 0, "a piece holds at least one byte")
        let name = canonicalFolderName(folder)
        let files = try files(name)
        var stored = position.stored ?? MessageReadPosition(format: files.mailbox.format)
        var bytes: [UInt8] = []
        if !stored.isAtEnd {
            let location = try locked { (states) throws(FolderStoreError) -> FolderMessageLocation? in states[name]?.locations[message.key] }
            bytes = try mapped { () throws(MailStoreError) in
                try files.read(message.key, at: location, continuing: &stored, storedBytes: storedBytes)
            }
        }
        bytes = Self.fitted(bytes, to: message, position: &position, atEnd: stored.isAtEnd, storedBytes: storedBytes)
        position.stored = stored
        return bytes
    }

    public func contents(of messages: [IndexedMessage], in folder: String) throws(FolderStoreError) -> [[UInt8]?] {
        guard !messages.isEmpty else { return [] }
        let (files, located) = try locate(messages, in: folder)
        let read = try mapped { () throws(MailStoreError) in try files.read(located) }
        var contents: [[UInt8]?] = []
        contents.reserveCapacity(messages.count)
        for (message, result) in zip(messages, read) {
            switch result {
            case .success(let bytes):
                var position = ContentPosition()
                contents.append(Self.fitted(bytes, to: message, position: &position, atEnd: true, storedBytes: .max))
            case .failure(let error) where error.code == .messageNotFound:
                contents.append(nil)
            case .failure(let error):
                throw FolderStoreError(error)
            }
        }
        return contents
    }

    /// The folder's files and where each message was last seen.
    private func locate(_ messages: [IndexedMessage], in folder: String)
        throws(FolderStoreError) -> (FolderFiles, [(key: String, location: FolderMessageLocation?)])
    {
        let name = canonicalFolderName(folder)
        let files = try files(name)
        let locations = try locked { (states) throws(FolderStoreError) -> [FolderMessageLocation?] in
            messages.map { states[name]?.locations[$0.key] }
        }
        return (files, zip(messages, locations).map { (key: $0.key, location: $1) })
    }

    /// `bytes`, the next piece of `message` from `position` (which moves on), cut or padded with spaces
    /// so the pieces add up to exactly `message.size` (see ``content(of:in:)``).
    private static func fitted(_ piece: [UInt8], to message: IndexedMessage, position: inout ContentPosition,
                               atEnd: Bool, storedBytes: Int) -> [UInt8] {
        var bytes = piece
        let wanted = max(0, message.size - position.delivered)
        if bytes.count > wanted {
            bytes.removeLast(bytes.count - Int(wanted))
        } else if atEnd, bytes.count < wanted {
            let padding = min(wanted - Int64(bytes.count), Int64(storedBytes))
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: Int(padding)))
        }
        position.delivered += Int64(bytes.count)
        position.isAtEnd = position.delivered >= message.size
        return bytes
    }

    public func messages(_ uids: [UInt32], in folder: String) throws(FolderStoreError) -> [IndexedMessage] {
        try mapped { () throws(IndexError) in try index.messages(uids: uids, in: canonicalFolderName(folder)) }
    }

    public func structures(of messages: [IndexedMessage], in folder: String) throws(FolderStoreError) -> [MessageStructure] {
        let kept = try mapped { () throws(IndexError) in try index.structures(uids: messages.map(\.uid), in: folder) }
        var found = messages.map { message in kept[message.uid].flatMap { try? MessageStructure(serialized: $0) } }
        // First seen (or kept in a form this version cannot read): parsed once, kept for next time.
        let missing = messages.indices.filter { found[$0] == nil }
        guard !missing.isEmpty else { return found.map { $0! } }
        // Parsed as stored, one at a time: a Maildir file's bare LFs are counted as CRLF by the parser, not
        // rewritten first. A message whose size in the index is not its own (a wrong W= in the file's
        // name) is parsed as contents(of:) cuts or pads it to that size, as every FETCH will send it.
        let (files, located) = try locate(missing.map { messages[$0] }, in: folder)
        var failure: FolderStoreError?
        var sizedByIndex: [Int] = []
        try mapped { () throws(MailStoreError) in
            try files.readAsStored(located) { position, read in
                let index = missing[position]
                switch read {
                case .success(let bytes):
                    let structure = MessageStructure(parsingIntoCRLFForm: bytes)
                    if Int64(structure.size.count) == messages[index].size {
                        found[index] = structure
                    } else {
                        sizedByIndex.append(index)
                    }
                case .failure(let error) where error.code == .messageNotFound:
                    failure = failure ?? Self.gone(messages[index])
                case .failure(let error):
                    failure = failure ?? FolderStoreError(error)
                }
            }
        }
        for (index, content) in zip(sizedByIndex, try contents(of: sizedByIndex.map { messages[$0] }, in: folder)) {
            guard let content else {
                failure = failure ?? Self.gone(messages[index])
                continue
            }
            found[index] = MessageStructure(parsing: content)
        }
        // What was parsed is kept even when a message failed (another program expunged it): the caller
        // then asks again one by one and finds the others kept instead of parsing them a second time.
        var parsed: [UInt32: [UInt8]] = [:]
        for index in missing {
            parsed[messages[index].uid] = found[index]?.serialized()
        }
        try mapped { () throws(IndexError) in try index.setStructures(parsed, in: folder) }
        if let failure { throw failure }
        return found.map { $0! }
    }

    private static func gone(_ message: IndexedMessage) -> FolderStoreError {
        FolderStoreError(.messageGone, "message \(message.uid) is gone")
    }

    public func keptStructures(of uids: [UInt32], as form: KeptStructure, in folder: String) throws(FolderStoreError) -> [UInt32: [UInt8]] {
        try mapped { () throws(IndexError) in try index.structures(uids: uids, as: form, in: folder) }
    }

    public func keep(_ structures: [UInt32: [UInt8]], as form: KeptStructure, in folder: String) throws(FolderStoreError) {
        try mapped { () throws(IndexError) in try index.setStructures(structures, as: form, in: folder) }
    }

    public func envelopes(of messages: [IndexedMessage], in folder: String) throws(FolderStoreError) -> [Envelope] {
        let kept = try mapped { () throws(IndexError) in try index.structures(uids: messages.map(\.uid), in: folder) }
        var envelopes = messages.map { message in kept[message.uid].flatMap { try? MessageStructure.envelope(serialized: $0) } }
        let unread = messages.indices.filter { envelopes[$0] == nil }
        if !unread.isEmpty {
            let parsed = try structures(of: unread.map { messages[$0] }, in: folder)
            for (index, structure) in zip(unread, parsed) { envelopes[index] = structure.envelope }
        }
        return envelopes.map { $0 ?? Envelope() }
    }

    /// APPEND. Maildir: the message is written to `tmp/` and synced before the account's lock is taken,
    /// and `cur/` is synced after it is let go, so sessions saving at once wait for each other only
    /// for the rename into `cur/` and the index row, not for the disk; the call returns once `cur/` is
    /// synced (the message survives a crash, see ``FolderStore``). Another session may see the message
    /// a moment before that; should the sync fail, the message is expunged again. mbox, and a Maildir
    /// without `tmp/`: in one step under the lock.
    public func append(_ message: [UInt8], flags: MessageFlags, internalDate: Int64?,
                       to folder: String) throws(FolderStoreError) -> AppendedMessage {
        let name = canonicalFolderName(folder)
        let date = internalDate ?? Self.now()
        let files = try files(name)
        let staged: StagedMaildirFile?
        do throws(MailStoreError) {
            staged = try files.stageAppend(message, internalDate: date)
        } catch where error.errorNumber == ENOENT {
            staged = nil
        } catch {
            throw FolderStoreError(error)
        }
        guard let staged else {
            return try locked { (states) throws(FolderStoreError) -> AppendedMessage in
                try appendLocked(message, flags: flags, internalDate: date, to: name, states: &states)
            }
        }
        let appended: AppendedMessage
        do throws(FolderStoreError) {
            appended = try locked { (states) throws(FolderStoreError) -> AppendedMessage in
                try publishLocked(staged, flags: flags, internalDate: date, to: name, files: files, states: &states)
            }
        } catch {
            files.discard(staged)
            throw error
        }
        do throws(MailStoreError) {
            try files.syncAppended()
        } catch {
            try? expunge([appended.message.uid], from: name)
            throw FolderStoreError(error)
        }
        return appended
    }

    /// APPEND in one step (COPY too): the file written, synced and moved in, then its index row.
    private func appendLocked(_ message: [UInt8], flags: MessageFlags, internalDate: Int64, to name: String,
                              states: inout [String: FolderState]) throws(FolderStoreError) -> AppendedMessage {
        guard try exists(name) else { throw FolderStoreError(.nonexistent, "no folder \(name)") }
        // Files other programs added are numbered first, in arrival order, before this one.
        try refresh(name, in: &states)
        let files = try files(name)
        let entry = try mapped { () throws(MailStoreError) in try files.append(message, flags: flags, internalDate: internalDate) }
        let indexed = try mapped { () throws(IndexError) in try index.append(entry.stored, to: name) }
        return try recordAppended(entry, indexed, in: name, files: files, states: &states)
    }

    /// A staged Maildir APPEND moved into `cur/` and given its UID; a file the index refused is removed.
    private func publishLocked(_ staged: StagedMaildirFile, flags: MessageFlags, internalDate: Int64, to name: String,
                               files: FolderFiles, states: inout [String: FolderState]) throws(FolderStoreError) -> AppendedMessage {
        guard try exists(name) else { throw FolderStoreError(.nonexistent, "no folder \(name)") }
        // Files other programs added are numbered first, in arrival order, before this one.
        try refresh(name, in: &states)
        let (entry, stamp) = try mapped { () throws(MailStoreError) in try files.publishAppend(staged, flags: flags, internalDate: internalDate) }
        let indexed: IndexedMessage
        do throws(FolderStoreError) {
            indexed = try mapped { () throws(IndexError) in try index.append(entry.stored, to: name) }
        } catch {
            try? files.remove([(key: entry.key, location: entry.location)])
            throw error
        }
        return try recordAppended(entry, indexed, in: name, stamp: stamp, files: files, states: &states)
    }

    private func recordAppended(_ entry: FolderEntry, _ indexed: IndexedMessage, in name: String, stamp: FolderStamp? = nil,
                                files: FolderFiles, states: inout [String: FolderState]) throws(FolderStoreError) -> AppendedMessage {
        states[name]?.locations[entry.key] = entry.location
        noteOwnChange(name, stamp: stamp ?? (try? files.stamp()), states: &states)
        guard let head = try mapped({ () throws(IndexError) in try index.head(of: name) }) else {
            throw FolderStoreError(.failed, "folder \(name) vanished from the index")
        }
        return AppendedMessage(uidValidity: head.uidValidity, message: indexed)
    }

    public func changeFlags(_ change: FlagChange, uids: [UInt32], in folder: String,
                            unchangedSince: UInt64?) throws(FolderStoreError) -> (changed: [IndexedMessage], failed: [UInt32]) {
        let name = canonicalFolderName(folder)
        return try locked { (states) throws(FolderStoreError) -> (changed: [IndexedMessage], failed: [UInt32]) in
            let result = try mapped { () throws(IndexError) in
                try index.changeFlags(change, uids: uids, in: name, unchangedSince: unchangedSince)
            }
            let files = try files(name)
            let locations = states[name]?.locations ?? [:]
            let (moved, stamp) = try mapped { () throws(MailStoreError) in
                try files.setFlags(result.changed.map { (key: $0.key, location: locations[$0.key], flags: $0.flags) })
            }
            for (key, location) in moved {
                states[name]?.locations[key] = location
            }
            if stamp != nil { noteOwnChange(name, stamp: stamp, states: &states) }
            return result
        }
    }

    public func copy(_ uids: [UInt32], from folder: String, to target: String) throws(FolderStoreError) -> CopiedMessages {
        try locked { (states) throws(FolderStoreError) -> CopiedMessages in
            try copyLocked(uids, from: canonicalFolderName(folder), to: canonicalFolderName(target), states: &states)
        }
    }

    public func move(_ uids: [UInt32], from folder: String, to target: String) throws(FolderStoreError) -> CopiedMessages {
        try locked { (states) throws(FolderStoreError) -> CopiedMessages in
            let source = canonicalFolderName(folder)
            let copied = try copyLocked(uids, from: source, to: canonicalFolderName(target), states: &states)
            try expungeLocked(copied.pairs.map(\.source), from: source, states: &states)
            return copied
        }
    }

    public func expunge(_ uids: [UInt32], from folder: String) throws(FolderStoreError) {
        try locked { (states) throws(FolderStoreError) in
            try expungeLocked(uids, from: canonicalFolderName(folder), states: &states)
        }
    }

    /// Copies by content: each message is read (CRLF) and appended to the target with its flags and
    /// internal date, so a copy between Maildir and mbox folders, or across file systems, works the
    /// same; the bytes stored are those a delivery would store. Messages gone meanwhile are skipped.
    func copyLocked(_ uids: [UInt32], from source: String, to target: String,
                    states: inout [String: FolderState]) throws(FolderStoreError) -> CopiedMessages {
        guard try exists(target) else { throw FolderStoreError(.nonexistent, "no folder \(target)") }
        let wanted = Set(uids)
        let messages = try mapped { () throws(IndexError) in try index.messages(in: source, changedSince: 0) }.filter { wanted.contains($0.uid) }
        let files = try files(source)
        var pairs: [(source: UInt32, target: UInt32)] = []
        var uidValidity = try mapped { () throws(IndexError) in try index.head(of: target) }?.uidValidity ?? 0
        for message in messages {
            let bytes: [UInt8]
            do throws(MailStoreError) {
                bytes = try files.read(message.key, at: states[source]?.locations[message.key])
            } catch where error.code == .messageNotFound {
                continue
            } catch {
                throw FolderStoreError(error)
            }
            let appended = try appendLocked(bytes, flags: message.flags, internalDate: message.internalDate, to: target, states: &states)
            uidValidity = appended.uidValidity
            pairs.append((message.uid, appended.message.uid))
        }
        return CopiedMessages(uidValidity: uidValidity, pairs: pairs)
    }

    /// Removes the messages' files, then forgets them in the index (their UIDs are never reused).
    func expungeLocked(_ uids: [UInt32], from name: String, states: inout [String: FolderState]) throws(FolderStoreError) {
        let wanted = Set(uids)
        let messages = try mapped { () throws(IndexError) in try index.messages(in: name, changedSince: 0) }.filter { wanted.contains($0.uid) }
        guard !messages.isEmpty else { return }
        let files = try files(name)
        let locations = states[name]?.locations ?? [:]
        try mapped { () throws(MailStoreError) in try files.remove(messages.map { (key: $0.key, location: locations[$0.key]) }) }
        try mapped { () throws(IndexError) in try index.expunge(messages.map(\.uid), from: name) }
        for message in messages {
            states[name]?.locations[message.key] = nil
        }
        noteOwnChange(name, files: files, states: &states)
    }
}
