import IMAPMailbox
import IMAPProtocol
import Logging
import MailFolders
import MailIndex
import MailMessage
import NIOCore
import ServerKit

// MARK: - FETCH (RFC 9051 §6.4.5) and STORE (§6.4.6)

extension IMAPSession {
    /// Messages read per trip to the thread pool: enough to keep the trips few; with bodies, a batch
    /// also ends once it holds ``fetchBatchBytes``, so the contents held at once stay small.
    static let fetchBatch = 256
    static let fetchBatchBytes: Int64 = 4 << 20

    mutating func fetch(_ command: FetchCommand, _ writer: ConnectionWriter) async throws -> Completion {
        guard let folder = selected, let store = account?.mail.store else { return .no(.serverBug, "No mailbox") }
        let positions: [Int]
        switch folder.messages.resolve(command.sequence, byUID: command.byUID, saved: savedSearch) {
        case .success(let found): positions = found
        case .failure: return Completion(status: .bad, text: "Invalid messageset")
        }
        let plan = FetchPlan(command.attributes, byUID: command.byUID, zone: services.settings.zone)
        if plan.setsSeen(readOnly: folder.readOnly) {
            await markSeen(positions.map { folder.messages.message(atSequence: UInt32($0 + 1)) })
        }
        guard let messages = selected?.messages else { return .ok() }
        let name = folder.name
        var gone = false
        var start = 0
        while start < positions.count {
            var end = start + 1
            var bytes = messages.message(atPosition: positions[start]).size
            while end < positions.count, end - start < Self.fetchBatch,
                  !plan.needsContent || bytes + messages.message(atPosition: positions[end]).size <= Self.fetchBatchBytes {
                bytes += messages.message(atPosition: positions[end]).size
                end += 1
            }
            let batch = positions[start..<end]
            start = end
            let wanted = batch.map { (position: $0, message: messages.message(atSequence: UInt32($0 + 1))) }
            let loaded = try await blocking { () -> [(structure: MessageStructure?, content: [UInt8]?)?] in
                Self.load(wanted.map(\.message), from: store, in: name, structures: plan.needsStructure,
                          contents: plan.needsContent)
            }
            var buffer = ByteBuffer()
            let options = machine.encodingOptions
            for (entry, data) in zip(wanted, loaded) {
                guard let data, case .success(let items) = plan.items(for: entry.message, flags: entry.message.flags,
                                                                     structure: data.structure, content: data.content)
                else {
                    gone = true
                    continue
                }
                UntaggedResponse.fetch(UInt32(entry.position + 1), items).write(into: &buffer, options: options)
            }
            if buffer.readableBytes > 0 {
                try await writer.write(buffer)
            }
        }
        return gone ? .no(.expungeIssued, "Some of the requested messages no longer exist") : .ok()
    }

    /// What FETCH or SEARCH needs of each message, read on the thread pool: the structures in one
    /// step, the contents one by one. `nil` for a message that cannot be read any more.
    static func load(_ messages: [IndexedMessage], from store: any FolderStore, in folder: String,
                     structures: Bool, contents: Bool) -> [(structure: MessageStructure?, content: [UInt8]?)?] {
        var found: [MessageStructure?] = Array(repeating: nil, count: messages.count)
        if structures {
            if let all = try? store.structures(of: messages, in: folder) {
                found = all
            } else {
                // One of them is gone: find which, one by one.
                found = messages.map { try? store.structures(of: [$0], in: folder).first }
            }
        }
        let read = contents ? (try? store.contents(of: messages, in: folder)) ?? messages.map { try? store.content(of: $0, in: folder) }
                            : nil
        return messages.indices.map { index in
            if structures, found[index] == nil { return nil }
            guard let read else { return (found[index], nil) }
            guard let content = read[index] else { return nil }
            return (found[index], content)
        }
    }

    /// Sets \Seen on the messages that lack it (a non-PEEK body fetch, RFC 9051 §6.4.5).
    private mutating func markSeen(_ messages: [IndexedMessage]) async {
        let unseen = messages.filter { !$0.flags.system.contains(.seen) }.map(\.uid)
        guard !unseen.isEmpty, let folder = selected, let store = account?.mail.store else { return }
        let name = folder.name
        do {
            let result = try await blocking {
                try store.changeFlags(.add(MessageFlags(system: .seen)), uids: unseen, in: name, unchangedSince: nil)
            }
            selected?.messages.recordOwnChange(result.changed)
            announceChange(in: name)
        } catch {
            logger.error("cannot set \\Seen: \(error)")
        }
    }

    mutating func store(_ command: StoreCommand, _ writer: ConnectionWriter) async throws -> Completion {
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
        let uids = positions.map { folder.messages.message(atSequence: UInt32($0 + 1)).uid }
        let name = folder.name
        do {
            let result = try await blocking { try store.changeFlags(change, uids: uids, in: name, unchangedSince: nil) }
            selected?.messages.recordOwnChange(result.changed)
            if !result.changed.isEmpty { announceChange(in: name) }
        } catch let error as FolderStoreError {
            let (code, text) = refusal(error)
            return .no(code, text)
        }
        guard !command.silent, let messages = selected?.messages else { return .ok() }
        // RFC 9051 §6.4.6: the new flags of each message, as a FETCH; UID too for UID STORE (§6.4.8).
        let plan = FetchPlan([.flags], byUID: command.byUID, zone: services.settings.zone)
        var responses: [ServerResponse] = []
        for position in positions {
            let message = messages.message(atSequence: UInt32(position + 1))
            if case .success(let items) = plan.items(for: message, flags: message.flags, structure: nil, content: nil) {
                responses.append(.untagged(.fetch(UInt32(position + 1), items)))
            }
        }
        try await writer.write(encode(responses))
        return .ok()
    }
}
