import IMAPMailbox
import IMAPProtocol
import ServerKit

// MARK: - SEARCH (RFC 9051 §6.4.4, ESEARCH RFC 4731, SEARCHRES RFC 5182)

extension IMAPSession {
    mutating func search(_ command: SearchCommand, byUID: Bool, tag: String, _ writer: ConnectionWriter) async throws -> Completion {
        guard let folder = selected, let store = account?.mail.store else { return .no(.serverBug, "No mailbox") }
        let messages = folder.messages
        let evaluator: SearchEvaluator
        do {
            evaluator = try SearchEvaluator(command, byUID: byUID, in: messages, saved: savedSearch, zone: services.settings.zone)
        } catch {
            return .no(error.responseCode, error.text)
        }
        let name = folder.name
        let matches: [Int]
        if evaluator.needs == .index {
            matches = (0..<messages.count).filter { position in
                !messages.isExpunged(atPosition: position)
                    && evaluator.matches(messages.message(atPosition: position), sequence: UInt32(position + 1),
                                         structure: nil, content: nil)
            }
        } else {
            let contents = evaluator.needs == .content
            matches = try await blocking {
                var matches: [Int] = []
                var start = 0
                while start < messages.count {
                    let end = min(start + Self.fetchBatch, messages.count)
                    let loaded = Self.load((start..<end).map { messages.message(atPosition: $0) }, from: store, in: name,
                                           structures: true, contents: contents)
                    matches += (start..<end).filter { position in
                        guard !messages.isExpunged(atPosition: position), let data = loaded[position - start] else { return false }
                        return evaluator.matches(messages.message(atPosition: position), sequence: UInt32(position + 1),
                                                 structure: data.structure, content: data.content)
                    }
                    start = end
                }
                return matches
            }
        }
        let outcome = evaluator.response(matches: matches, in: messages, tag: tag, revision: machine.encodingOptions.revision)
        if let saved = outcome.saved { savedSearch = saved }
        try await writer.write(encode(outcome.responses.map(ServerResponse.untagged)))
        return .ok()
    }
}
