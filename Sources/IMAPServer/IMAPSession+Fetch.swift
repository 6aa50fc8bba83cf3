import IMAPMailbox
import IMAPProtocol
import Logging
import MailFolders
import MailIndex
import MailMessage
import NIOCore
import NIOPosix
import ServerKit

// MARK: - FETCH (RFC 9051 §6.4.5) and STORE (§6.4.6)

extension IMAPSession {
    mutating func fetch(_ command: FetchCommand, _ writer: ConnectionWriter) async throws -> Completion {
        guard let folder = selected, let store = account?.mail.store else { return .no(.serverBug, "No mailbox") }
        let positions: [Int]
        switch folder.messages.resolve(command.sequence, byUID: command.byUID, saved: savedSearch) {
        case .success(let found): positions = found
        case .failure: return Completion(status: .bad, text: "Invalid messageset")
        }
        let plan = FetchPlan(command.attributes, byUID: command.byUID, zone: services.settings.zone)
        if plan.setsSeen(readOnly: folder.readOnly) {
            await markSeen(folder.messages.uids(atPositions: positions))
        }
        guard let messages = selected?.messages else { return .ok() }
        let uids = messages.uids(atPositions: positions)
        let name = folder.name
        let structure: MessageLoader.StructurePart = switch (plan.needsStructure, plan.structureIsEncodable) {
        case (false, _): .none
        case (true, true): .encoded(utf8: machine.encodingOptions.usesUTF8)
        case (true, false): .whole
        }
        var answer = FetchAnswer()
        if !plan.needsContent, uids.count > MessageLoader.batch {
            try await fetchAhead(uids, at: positions, from: store, in: name, plan: plan, structure: structure,
                                 into: &answer, writer)
        } else {
            var start = 0
            while start < uids.count {
                let batch = uids[start...]
                let loaded: [LoadedMessage?]
                if uids.count == 1, plan.needsContent {
                    loaded = try await loadReadingAhead(uids[0], at: positions[0], plan: plan)
                } else {
                    let load = { @Sendable in
                        MessageLoader.load(batch, from: store, in: name, structure: structure, contents: plan.needsContent)
                    }
                    // The last batch also brings the changes the command ends with.
                    loaded = batch.count <= MessageLoader.batch ? try await blockingLookingAhead(load) : try await blocking(load)
                }
                let buffer = answer.add(loaded, at: positions[start...], uids: uids[start...], plan: plan,
                                        options: machine.encodingOptions)
                start += loaded.count
                try await send(buffer, last: start == uids.count, writer)
            }
        }
        if let refused = answer.refused { return .no(refused.responseCode, refused.text) }
        return answer.gone ? .no(.expungeIssued, "Some of the requested messages no longer exist") : .ok()
    }

    /// A FETCH of many messages' metadata (a mailbox's first FETCH 1:* parses every message): its
    /// batches are loaded on the thread pool, ``loadingAtOnce`` at a time, so the pool parses the next
    /// ones while the event loop encodes and writes this one. A batch that finishes before those ahead
    /// of it frees its thread for the next at once, up to ``loadedAhead`` batches beyond the one being
    /// written (waiting instead for the batches in order left a core idle a third of the time). The
    /// changes the command ends with are looked for afterwards, in a trip of their own.
    private mutating func fetchAhead(_ uids: [UInt32], at positions: [Int], from store: any FolderStore, in name: String,
                                     plan: FetchPlan, structure: MessageLoader.StructurePart,
                                     into answer: inout FetchAnswer, _ writer: ConnectionWriter) async throws {
        let pool = services.threadPool
        let starts = Array(stride(from: 0, to: uids.count, by: MessageLoader.batch))
        try await withThrowingTaskGroup(of: (Int, [LoadedMessage?]).self) { group in
            var started = 0
            var running = 0
            func startMore(beyond written: Int) {
                while running < Self.loadingAtOnce, started < starts.count, started - written <= Self.loadedAhead {
                    let batch = uids[starts[started]..<min(starts[started] + MessageLoader.batch, uids.count)]
                    group.addTask { [started] in
                        (started, try await pool.runIfActive {
                            MessageLoader.load(batch, from: store, in: name, structure: structure, contents: false)
                        })
                    }
                    started += 1
                    running += 1
                }
            }
            startMore(beyond: 0)
            var done: [Int: [LoadedMessage?]] = [:]
            for (index, start) in starts.enumerated() {
                while done[index] == nil, let (finished, loaded) = try await group.next() {
                    done[finished] = loaded
                    running -= 1
                    startMore(beyond: index)
                }
                // Batch `index` was started before this wait, so the group holds or gave it.
                guard let loaded = done.removeValue(forKey: index) else { preconditionFailure("batch \(index) never loaded") }
                startMore(beyond: index + 1)
                let buffer = answer.add(loaded, at: positions[start...], uids: uids[start...], plan: plan,
                                        options: machine.encodingOptions)
                try await send(buffer, last: index == starts.count - 1, writer)
            }
        }
    }

    /// Batches of a large FETCH loaded at the same time: the cores a first parse keeps busy.
    static let loadingAtOnce = 2
    /// How many batches a large FETCH may have loaded (or loading) beyond the one it writes.
    static let loadedAhead = 4

    /// Writes a batch's responses now, or holds the last one for the write with the completion.
    private mutating func send(_ buffer: ByteBuffer, last: Bool, _ writer: ConnectionWriter) async throws {
        if last {
            heldOutput.writeImmutableBuffer(buffer)
        } else if buffer.readableBytes > 0 {
            try await writer.write(buffer)
        }
    }

    /// The message with `uid` (at `position`) for a FETCH of its content alone: from the read-ahead
    /// when it is there and exact, without a trip to the thread pool; else read with the messages
    /// after it, which are kept for the FETCHes that follow (``FetchReadAhead``).
    private mutating func loadReadingAhead(_ uid: UInt32, at position: Int, plan: FetchPlan) async throws -> [LoadedMessage?] {
        guard let folder = selected, let store = account?.mail.store else { return [nil] }
        if let kept = folder.readAhead?.message(uid, for: plan, generation: store.changeGeneration, at: .now) {
            lastLookSuffices = true
            return [kept]
        }
        let following = folder.messages.uids(atPositions: Array(position..<min(position + FetchReadAhead.count, folder.messages.count)))
        // Positions follow UIDs, but the one asked for leads whatever the order.
        let wanted = [uid] + following.filter { $0 > uid }
        let name = folder.name
        let structure: MessageLoader.StructurePart = plan.needsStructure ? .whole : .none
        let loaded = try await blockingLookingAhead {
            MessageLoader.load(wanted[...], from: store, in: name, structure: structure, contents: true,
                               count: FetchReadAhead.count, bytes: FetchReadAhead.bytes)
        }
        if let look = selected?.lastLook, selected?.name == name {
            let kept = loaded.dropFirst().compactMap { $0 }.map { ($0.message.uid, $0) }
            selected?.readAhead = FetchReadAhead(look: look, structure: structure,
                                                 messages: Dictionary(kept) { first, _ in first })
        }
        return Array(loaded.prefix(1))
    }

    /// Sets \Seen on the messages that lack it (a non-PEEK body fetch, RFC 9051 §6.4.5).
    private mutating func markSeen(_ uids: [UInt32]) async {
        guard !uids.isEmpty, let folder = selected, let store = account?.mail.store else { return }
        let name = folder.name
        do {
            let result = try await blocking {
                try store.changeFlags(.add(MessageFlags(system: .seen)), uids: uids, in: name, unchangedSince: nil)
            }
            selected?.messages.recordOwnChange(result.changed)
            if !result.changed.isEmpty { announceChange(in: name) }
        } catch {
            logger.error("cannot set \\Seen: \(error)")
        }
    }

    mutating func store(_ command: StoreCommand) async throws -> Completion {
        guard let folder = selected, let store = account?.mail.store else { return .no(.serverBug, "No mailbox") }
        let positions: [Int]
        switch folder.messages.resolve(command.sequence, byUID: command.byUID, saved: savedSearch) {
        case .success(let found): positions = found
        case .failure: return Completion(status: .bad, text: "Invalid messageset")
        }
        let flags = MessageFlags(imapFlags: command.flags)
        let change: FlagChange = switch command.operation {
        case .replace: .replace(flags)
        case .add: .add(flags)
        case .remove: .remove(flags)
        }
        // A message another session expunged is left alone (RFC 2180 §4.2.1), and the client told so.
        let present = positions.filter { !folder.messages.isExpunged(atPosition: $0) }
        let uids = folder.messages.uids(atPositions: present)
        let name = folder.name
        let silent = command.silent
        let rows: [IndexedMessage]
        do {
            let result = try await blockingLookingAhead { () throws -> (changed: [IndexedMessage], rows: [IndexedMessage]) in
                let changed = try store.changeFlags(change, uids: uids, in: name, unchangedSince: nil).changed
                return (changed, silent ? [] : try store.messages(uids, in: name))
            }
            selected?.messages.recordOwnChange(result.changed)
            if !result.changed.isEmpty { announceChange(in: name) }
            rows = result.rows
        } catch let error as FolderStoreError {
            let (code, text) = refusal(error)
            return .no(code, text)
        }
        if !silent, let messages = selected?.messages {
            // RFC 9051 §6.4.6: the new flags of each message, as a FETCH; UID too for UID STORE (§6.4.8).
            let plan = FetchPlan([.flags], byUID: command.byUID, zone: services.settings.zone)
            var responses: [ServerResponse] = []
            for message in rows {
                if let sequence = messages.sequenceNumber(ofUID: message.uid),
                   case .success(let items) = plan.items(for: message, flags: message.flags, structure: nil, content: nil) {
                    responses.append(.untagged(.fetch(sequence, items)))
                }
            }
            encode(responses, into: &heldOutput)
        }
        guard present.count == positions.count, rows.count == uids.count || silent else {
            return .no(.expungeIssued, "Some of the requested messages no longer exist")
        }
        return .ok()
    }
}

/// What a FETCH has answered so far: each batch's responses in wire form, and whether a message was
/// gone or refused.
struct FetchAnswer {
    var gone = false
    var refused: FetchError?

    /// The responses for `loaded`, the messages at `positions` with `uids` (a batch's prefix of them).
    mutating func add(_ loaded: [LoadedMessage?], at positions: ArraySlice<Int>, uids: ArraySlice<UInt32>,
                      plan: FetchPlan, options: ResponseEncodingOptions) -> ByteBuffer {
        var buffer = ByteBuffer()
        for (offset, data) in loaded.enumerated() {
            let sequence = UInt32(positions[positions.startIndex + offset] + 1)
            guard let data else {
                // Expunged by another session: its UID is still known; nothing else is (RFC 2180 §4.1.3).
                if plan.needsOnlyUID {
                    UntaggedResponse.fetch(sequence, [.uid(uids[uids.startIndex + offset])]).write(into: &buffer, options: options)
                } else {
                    gone = true
                }
                continue
            }
            switch plan.items(for: data.message, flags: data.message.flags, structure: data.structure,
                              encoded: data.encoded, content: data.content) {
            case .success(let items): UntaggedResponse.fetch(sequence, items).write(into: &buffer, options: options)
            // BINARY of a part in an encoding the server cannot undo: NO [UNKNOWN-CTE] (RFC 3516 §4.3).
            case .failure(let error): refused = refused ?? error
            }
        }
        return buffer
    }
}
