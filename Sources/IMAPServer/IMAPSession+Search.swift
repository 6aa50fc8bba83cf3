import IMAPMailbox
import IMAPProtocol
import Logging
import MailCore
import MailFolders
import MailIndex
import MailMessage
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
            matches = Self.matching(evaluator, messages) { _ in (nil, nil) }
        } else {
            let needs = evaluator.needs
            matches = try await blocking {
                Self.matching(evaluator, messages) { message in
                    let structure = try? store.structure(of: message, in: name)
                    let content = needs == .content ? try? store.content(of: message, in: name) : nil
                    return (structure, content)
                }
            }
        }
        let outcome = evaluator.response(matches: matches, in: messages, tag: tag, revision: machine.encodingOptions.revision)
        if let saved = outcome.saved { savedSearch = saved }
        try await writer.write(encode(outcome.responses.map(ServerResponse.untagged)))
        return .ok()
    }

    /// The positions of the messages that match, in order; messages expunged elsewhere match nothing.
    private static func matching(_ evaluator: SearchEvaluator, _ messages: SelectedMessages,
                                 _ load: (IndexedMessage) -> (MessageStructure?, [UInt8]?)) -> [Int] {
        (0..<messages.count).filter { position in
            guard !messages.isExpunged(atPosition: position) else { return false }
            let message = messages.message(atPosition: position)
            let (structure, content) = load(message)
            return evaluator.matches(message, sequence: UInt32(position + 1), structure: structure, content: content)
        }
    }
}
