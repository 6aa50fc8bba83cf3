/// A command line on the queue's socket (``QueuePickup/request(queueDirectory:command:)``), as the
/// running server reads and answers it: `flush`, or `delete`, `hold` or `release` followed by queue
/// IDs or `ALL`. The answer is one line: `ok DONE LATER` (messages acted on now, and those being
/// delivered, acted on when their attempt ends) or `error REASON`.
public struct QueueControlCommand: Sendable, Hashable {
    public enum Verb: Sendable, Hashable {
        case flush
        case control(QueueControlAction)
    }

    public var verb: Verb?
    /// The queue IDs; `nil` for `ALL`.
    public var ids: [String]?

    /// Reads a command line; an unknown verb, or one without IDs, leaves ``verb`` `nil`.
    public init(_ line: String) {
        let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
        switch words.first?.lowercased() {
        case "flush":
            verb = .flush
        case let name?:
            guard let action = QueueControlAction(rawValue: name), words.count > 1 else { break }
            verb = .control(action)
            ids = words.dropFirst().contains { $0.uppercased() == "ALL" } ? nil : Array(words.dropFirst())
        case nil:
            break
        }
    }

    /// The line that asks for `action` on `ids` (`nil`: every message it concerns).
    public static func line(_ action: QueueControlAction, ids: [String]?) -> String {
        ([action.rawValue] + (ids ?? ["ALL"])).joined(separator: " ")
    }

    /// Does what the command asks of `queue` and returns the answer line.
    public func carryOut(on queue: MailQueue) async -> String {
        switch verb {
        case .flush?:
            queue.flush()
            return "ok 0 0"
        case .control(let action)?:
            do {
                let result = try await queue.control(action, ids: ids)
                return "ok \(result.done.count) \(result.afterAttempt.count)"
            } catch {
                return "error \(error)"
            }
        case nil:
            return "error unknown command"
        }
    }
}
