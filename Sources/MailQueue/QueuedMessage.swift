import Foundation
import MailCore

/// One message waiting in the queue, as `mailroom queue list` (Postfix's `mailq`) shows it.
public struct QueuedMessage: Sendable, Hashable {
    /// A recipient still to be delivered to.
    public struct Recipient: Sendable, Hashable {
        public var address: String
        /// Why the last attempt did not deliver to it (the server's reply or the local reason);
        /// `nil` before any attempt.
        public var delayReason: String?
    }

    public var id: String
    /// The message's size in octets (as received, CRLF line ends).
    public var size: Int64
    /// When it was accepted.
    public var arrival: Date
    /// The envelope sender; empty for the null sender (a bounce).
    public var sender: String
    public var recipients: [Recipient]
    /// At least one attempt has left recipients to retry (Postfix's `deferred` queue, else `active`).
    public var isDeferred: Bool
    /// Put on hold (`mailroom queue hold`): not delivered until released.
    public var isHeld = false
    /// When the next attempt is due, for a deferred message.
    public var nextAttempt: Date?
}

extension MailQueue {
    /// The messages in the queue directory `directory`, oldest first, read from the files alone:
    /// the server may be running or stopped. A file that cannot be read (being removed as it is
    /// listed, or corrupt) is left out; a queue that was never created is empty.
    public static func messages(in directory: String) throws(QueueError) -> [QueuedMessage] {
        let spool = Spool(root: directory)
        var messages: [QueuedMessage] = []
        guard access(spool.activeDirectory, F_OK) == 0 || errno != ENOENT else { return [] }
        for (directory, held) in [(spool.activeDirectory, false), (spool.holdDirectory, true)] {
            guard access(directory, F_OK) == 0 else { continue }
            for id in try SpoolPaths.names(in: directory) {
                guard var message = try? spool.queuedMessage(id, at: directory + "/" + id) else { continue }
                message.isHeld = held
                messages.append(message)
            }
        }
        return messages.sorted { ($0.arrival, $0.id) < ($1.arrival, $1.id) }
    }
}

extension MailQueue {
    /// One queued message as `mailroom queue show` prints it (Postfix's `postcat -q`): its envelope
    /// records, then the message as received. `nil` when no queued or held message has that ID.
    public static func show(_ id: String, inQueueDirectory directory: String) throws(QueueError) -> String? {
        let spool = Spool(root: directory)
        guard QueueIDGenerator.isQueueID(id) else { return nil }
        for path in [spool.activePath(id), spool.holdPath(id)] {
            guard let file = try SpoolFile.openForReading(path) else { continue }
            defer { file.closeQuietly() }
            let (header, offset) = try QueueFileHeader.read(from: file)
            let progress = try spool.readProgress(id)
            let envelope = header.envelope
            var out = "*** ENVELOPE RECORDS \(id) ***\n"
            out += "message_arrival_time: \(header.arrivalDate)\n"
            out += "sender: \(envelope.sender)\n"
            if let envelopeID = envelope.envelopeID { out += "envelope_id: \(envelopeID)\n" }
            for (index, recipient) in envelope.recipients.enumerated() {
                let state = progress?.completed.contains(index) == true ? "done"
                    : progress?.lastFailures[String(index)].map { "deferred: \($0.diagnostic)" } ?? "to do"
                out += "recipient: \(recipient.address)"
                if let original = recipient.originalRecipient { out += " (original: \(original))" }
                if let notify = recipient.notify { out += " notify=\(notify.joined(separator: ","))" }
                out += " [\(state)]\n"
            }
            out += "*** MESSAGE CONTENTS \(id) ***\n"
            var message: [UInt8] = []
            while true {
                let chunk = try file.read(count: 64 * 1024, at: offset + Int64(message.count))
                guard !chunk.isEmpty else { break }
                message += chunk
            }
            return out + String(decoding: message, as: UTF8.self) + "*** MESSAGE FILE END \(id) ***\n"
        }
        return nil
    }
}

extension Spool {
    /// The queue file at `path` (`active/ID` or `hold/ID`) with its progress, as the listing shows
    /// it; `nil` when it is gone.
    func queuedMessage(_ id: String, at path: String) throws(QueueError) -> QueuedMessage? {
        guard let file = try SpoolFile.openForReading(path) else { return nil }
        defer { file.closeQuietly() }
        let (header, offset) = try QueueFileHeader.read(from: file)
        var info = stat()
        guard fstat(file.descriptor, &info) == 0 else { throw .system(errno, "cannot stat", path: file.path) }
        let progress = try readProgress(id)
        let recipients = header.envelope.recipients.enumerated().compactMap { index, recipient -> QueuedMessage.Recipient? in
            guard progress?.completed.contains(index) != true else { return nil }
            return QueuedMessage.Recipient(address: recipient.address,
                                           delayReason: progress?.lastFailures[String(index)]?.diagnostic)
        }
        return QueuedMessage(id: id, size: Int64(info.st_size) - offset, arrival: header.arrivalDate,
                             sender: header.envelope.sender, recipients: recipients,
                             isDeferred: (progress?.attempts ?? 0) > 0, nextAttempt: progress?.nextAttemptDate)
    }
}
