import IMAPMailbox
import IMAPProtocol
import MailFolders
import ServerKit

// MARK: - SEARCH (RFC 9051 §6.4.4, ESEARCH RFC 4731, SEARCHRES RFC 5182)

extension IMAPSession {
    mutating func search(_ command: SearchCommand, byUID: Bool, tag: String) async throws -> Completion {
        guard let folder = selected, let store = account?.mail.store else { return .no(.serverBug, "No mailbox") }
        let messages = folder.messages
        let evaluator: SearchEvaluator
        do {
            evaluator = try SearchEvaluator(command, byUID: byUID, in: messages, saved: savedSearch, zone: services.settings.zone)
        } catch {
            return .no(error.responseCode, error.text)
        }
        let name = folder.name
        let needs = evaluator.needs
        let uids = messages.uids
        let matches = try await blockingLookingAhead { () -> [Int] in
            var matches: [Int] = []
            var start = 0
            while start < uids.count {
                let loaded: [LoadedMessage?]
                if needs == .index {
                    // Rows only: the whole folder in one query.
                    let rows = (try? store.messages(Array(uids[start...]), in: name)) ?? []
                    loaded = MessageLoader.aligned(Array(uids[start...]), rows).map { $0.map { LoadedMessage(message: $0) } }
                } else {
                    // ENVELOPE keys need only the envelope; BODY, TEXT and HEADER the whole structure.
                    loaded = MessageLoader.load(uids[start...], from: store, in: name,
                                                structure: needs == .content ? .whole : .envelope, contents: needs == .content)
                }
                for (offset, data) in loaded.enumerated() {
                    guard let data else { continue }
                    let position = start + offset
                    if evaluator.matches(data.message, sequence: UInt32(position + 1), structure: data.structure,
                                         envelope: data.envelope, content: data.content) {
                        matches.append(position)
                    }
                }
                start += loaded.count
            }
            return matches
        }
        let outcome = evaluator.response(matches: matches, in: messages, tag: tag, revision: machine.encodingOptions.revision)
        if let saved = outcome.saved { savedSearch = saved }
        encode(outcome.responses.map(ServerResponse.untagged), into: &heldOutput)
        return .ok()
    }
}
