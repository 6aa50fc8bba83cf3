import MailIndex
import NIOCore

/// The messages of a maildrop read ahead of the client, so that a client fetching its mail in order
/// (RETR 1, RETR 2, ...) costs one trip to the thread pool per batch, not one per message.
///
/// Theory of operation: ``take(_:)`` hands out a message read earlier (and forgets it). On a miss the
/// driver reads ``batch(startingAt:)``, the message asked for and those after it in listing order, up to
/// ``batchBytes`` and ``batchMessages``, and gives the others to ``keep(_:)``, which first drops what is
/// still held: at most one batch is ever in memory. A message larger than the budget is not read ahead
/// or whole: the session streams it in pieces of that size.
/// Reading early is safe: Maildir files never change once delivered, and the maildrop is locked for
/// the session (RFC 1939 §8).
struct MessageReadAhead {
    /// The most bytes one batch reads (sizes as LIST gives them).
    static let batchBytes: Int64 = 128 * 1024
    /// The most messages one batch reads.
    static let batchMessages = 64

    /// The messages in listing order, and each one's place by the id the machine knows it by.
    private let messages: [IndexedMessage]
    private let positions: [String: Int]
    private var held: [String: ByteBuffer] = [:]

    init(messages: [IndexedMessage]) {
        self.messages = messages
        self.positions = Dictionary(messages.enumerated().map { (String($0.element.uid), $0.offset) }) { first, _ in first }
    }

    /// The message with `id`, as read ahead; `nil` when it was not.
    mutating func take(_ id: String) -> ByteBuffer? {
        held.removeValue(forKey: id)
    }

    /// The messages to read for `id`: it first, then the ones after it while the budget lasts.
    func batch(startingAt id: String) -> [IndexedMessage] {
        guard let start = positions[id] else { return [] }
        var batch = [messages[start]]
        var bytes = messages[start].size
        for message in messages[(start + 1)...].prefix(Self.batchMessages - 1) {
            bytes += message.size
            guard bytes <= Self.batchBytes else { break }
            batch.append(message)
        }
        return batch
    }

    /// Holds the messages read along with the one asked for, in place of any held before.
    mutating func keep(_ read: [(id: String, bytes: ByteBuffer)]) {
        held.removeAll(keepingCapacity: true)
        for (id, bytes) in read {
            held[id] = bytes
        }
    }
}
