import IMAPMailbox
import IMAPProtocol
import Logging
import MailFolders
import MailIndex
import ServerKit

// MARK: - The commands the machine hands to the driver (RFC 9051 §6.3-§6.4)

extension IMAPSession {
    typealias Completion = IMAPServerMachine.CommandCompletion

    /// Carries out one command: writes its untagged data, then returns the completion with the
    /// updates the session has yet to see.
    mutating func carryOut(_ request: IMAPServerMachine.CommandRequest, _ writer: ConnectionWriter) async throws -> Completion {
        lookedAhead = nil
        lastLookSuffices = false
        if case .fetch = request.command {} else {
            selected?.readAhead = nil
        }
        var completion: Completion
        switch request.command {
        case .noop:
            completion = .ok()
        case .create(let name, let specialUse):
            let use = specialUse.first.map { "\\" + $0.description.drop { $0 == "\\" } }
            completion = await folderCommand { try $0.createFolder(Self.withoutTrailingDelimiter(name), specialUse: use) }
        case .delete(let name):
            completion = await folderCommand { try $0.deleteFolder(name) }
        case .rename(let from, let to):
            completion = await folderCommand { try $0.renameFolder(from, to: to) }
            if completion.status == .ok { announceChange(in: canonicalFolderName(from)) }
        case .subscribe(let name):
            completion = await folderCommand { try $0.setSubscribed(true, folder: name) }
        case .unsubscribe(let name):
            completion = await folderCommand { try $0.setSubscribed(false, folder: name) }
        case .list(let command):
            completion = try await list(command, utf8Names: request.utf8Names)
        case .lsub(let reference, let pattern):
            completion = try await lsub(reference: reference, pattern: pattern, utf8Names: request.utf8Names)
        case .status(let name, let attributes):
            completion = try await status(name, attributes)
        case .fetch(let command):
            completion = try await fetch(command, writer)
        case .store(let command):
            completion = try await store(command)
        case .search(let command, let byUID):
            completion = try await search(command, byUID: byUID, tag: request.tag)
        case .copy(let set, let target, let byUID):
            completion = await copy(set, to: target, byUID: byUID, moving: false)
        case .move(let set, let target, let byUID):
            completion = await copy(set, to: target, byUID: byUID, moving: true)
        case .expunge:
            completion = await expungeDeleted(within: nil)
        case .uidExpunge(let set):
            completion = await expungeDeleted(within: set)
        case .close(let expunge):
            if expunge { _ = await expungeDeleted(within: nil) }
            selected = nil
            savedSearch = nil
            return .ok()
        case .unselect:
            selected = nil
            savedSearch = nil
            return .ok()
        }
        if selected != nil {
            completion.updates = await pendingUpdates(expungesAllowed: request.expungesAllowed) + completion.updates
        }
        return completion
    }

    /// RFC 9051 §6.3.4: a name with the delimiter at its end is created without it.
    static func withoutTrailingDelimiter(_ name: String) -> String {
        var name = Substring(name)
        while name.count > 1, name.hasSuffix("/") { name = name.dropLast() }
        return String(name)
    }

    /// Runs a folder change (CREATE, DELETE, RENAME, SUBSCRIBE) on the thread pool.
    private mutating func folderCommand(_ change: @escaping @Sendable (any FolderStore) throws -> Void) async -> Completion {
        guard let store = account?.mail.store else { return .no(.serverBug, "No account") }
        do {
            try await blocking { try change(store) }
            return .ok()
        } catch let error as FolderStoreError {
            let (code, text) = refusal(error)
            return .no(code, text)
        } catch {
            logger.error("folder change failed: \(error)")
            return .no(.serverBug, "Internal error")
        }
    }

    // MARK: LIST, LSUB, STATUS

    private mutating func list(_ command: ListCommand, utf8Names: Bool) async throws -> Completion {
        guard let store = account?.mail.store else { return .no(.serverBug, "No account") }
        do {
            let folders = try await blocking { try store.folders() }
            var responses: [ServerResponse] = []
            for item in FolderListing.list(command, folders: folders, utf8Names: utf8Names) {
                responses.append(.untagged(.list(item)))
                // RFC 5819 §2: STATUS follows the LIST line of each name it was asked for.
                if let attributes = FolderListing.statusRequest(command, for: item) {
                    let name = item.name
                    let counters = try await blocking { try store.status(of: name) }
                    responses.append(.untagged(.status(mailbox: name, statusValues(attributes, counters))))
                }
            }
            encode(responses, into: &heldOutput)
            return .ok()
        } catch let error as FolderStoreError {
            let (code, text) = refusal(error)
            return .no(code, text)
        }
    }

    private mutating func lsub(reference: MailboxName, pattern: MailboxName, utf8Names: Bool) async throws -> Completion {
        guard let store = account?.mail.store else { return .no(.serverBug, "No account") }
        do {
            let folders = try await blocking { try store.folders() }
            let items = FolderListing.lsub(reference: reference, pattern: pattern, folders: folders, utf8Names: utf8Names)
            encode(items.map { .untagged(.lsub($0)) }, into: &heldOutput)
            return .ok()
        } catch let error as FolderStoreError {
            let (code, text) = refusal(error)
            return .no(code, text)
        }
    }

    private mutating func status(_ name: String, _ attributes: [StatusAttribute]) async throws -> Completion {
        guard let store = account?.mail.store else { return .no(.serverBug, "No account") }
        let folder = canonicalFolderName(name)
        do {
            let counters = try await blocking { try store.status(of: folder) }
            encode([.untagged(.status(mailbox: name, statusValues(attributes, counters)))], into: &heldOutput)
            return .ok()
        } catch let error as FolderStoreError {
            let (code, text) = refusal(error)
            return .no(code, text)
        }
    }

    /// STATUS values, APPENDLIMIT among them (RFC 7889 §4).
    private func statusValues(_ attributes: [StatusAttribute], _ counters: FolderCounters) -> [StatusValue] {
        FolderListing.statusValues(attributes, counters, appendLimit: UInt64(machine.configuration.limits.messageSize))
    }

    // MARK: COPY, MOVE, EXPUNGE

    private mutating func copy(_ set: SequenceSet, to target: String, byUID: Bool, moving: Bool) async -> Completion {
        guard let folder = selected, let store = account?.mail.store else { return .no(.serverBug, "No mailbox") }
        let uids: [UInt32]
        switch folder.messages.resolve(set, byUID: byUID, saved: savedSearch) {
        case .success(let positions): uids = folder.messages.uids(atPositions: positions)
        case .failure: return Completion(status: .bad, text: "Invalid messageset")
        }
        guard !uids.isEmpty else { return .ok(nil) }
        let source = folder.name
        let destination = canonicalFolderName(target)
        do {
            let copied = try await blocking {
                moving ? try store.move(uids, from: source, to: destination) : try store.copy(uids, from: source, to: destination)
            }
            announceChange(in: destination)
            let code = ResponseCode.copyUID(uidValidity: copied.uidValidity,
                                            source: UIDSet(copied.pairs.map { $0.source...$0.source }),
                                            destination: UIDSet(copied.pairs.map { $0.target...$0.target }))
            guard moving else { return .ok(code) }
            announceChange(in: source)
            // RFC 6851 §4.3: COPYUID goes in an untagged OK before the EXPUNGEs.
            return Completion(status: .ok, updates: [.condition(.ok, code: code, text: "Moved UIDs.")])
        } catch let error as FolderStoreError {
            let (code, text) = refusal(error, tryCreate: true)
            return .no(code, text)
        } catch {
            return .no(.serverBug, "Internal error")
        }
    }

    /// EXPUNGE (RFC 9051 §6.4.3) and UID EXPUNGE (RFC 4315 §2.1): removes the messages with \Deleted
    /// (within `set`, by UID); the EXPUNGE responses follow as updates.
    private mutating func expungeDeleted(within set: SequenceSet?) async -> Completion {
        guard let folder = selected, let store = account?.mail.store else { return .no(.serverBug, "No mailbox") }
        var candidates: [Int] = Array(0..<folder.messages.count)
        if let set {
            guard case .success(let positions) = folder.messages.resolve(set, byUID: true, saved: savedSearch) else {
                return Completion(status: .bad, text: "Invalid messageset")
            }
            candidates = positions
        }
        let candidateUIDs = folder.messages.uids(atPositions: candidates)
        guard !candidateUIDs.isEmpty else { return .ok() }
        let name = folder.name
        do {
            let expunged = try await blocking { () throws -> Bool in
                let uids = try store.messages(candidateUIDs, in: name).filter { $0.flags.system.contains(.deleted) }.map(\.uid)
                guard !uids.isEmpty else { return false }
                try store.expunge(uids, from: name)
                return true
            }
            guard expunged else { return .ok() }
            announceChange(in: name)
            return .ok()
        } catch let error as FolderStoreError {
            let (code, text) = refusal(error)
            return .no(code, text)
        } catch {
            return .no(.serverBug, "Internal error")
        }
    }
}
