import Logging
import MailCore
import NIOCore
import SMTPProtocol

/// A message being received into the queue. A failure to open or write it does not stop the SMTP
/// dialogue — the body is still read to its end so the stream stays in step — it only turns the final
/// reply into `451 4.3.0` (RFC 5321 §4.2.5: the client keeps the message and tries again).
final class OpenTransaction: Sendable {
    private let transaction: (any MessageTransaction)?
    private let failed: FailureFlag
    private let logger: Logger

    private init(transaction: (any MessageTransaction)?, logger: Logger) {
        self.transaction = transaction
        self.failed = FailureFlag(transaction == nil)
        self.logger = logger
    }

    /// Opens a queue transaction and writes the trace header first.
    static func start(sink: any MessageSink, envelope: MessageEnvelope, header: String, logger: Logger) async -> OpenTransaction {
        do {
            let transaction = try await sink.startMessage(envelope)
            let open = OpenTransaction(transaction: transaction, logger: logger)
            await open.write(Array(header.utf8))
            return open
        } catch {
            logger.error("cannot open a queue file: \(error)")
            return OpenTransaction(transaction: nil, logger: logger)
        }
    }

    /// Appends body bytes; after a failure the rest is dropped.
    func write(_ bytes: ByteBuffer) async {
        await write(Array(bytes.readableBytesView))
    }

    private func write(_ bytes: [UInt8]) async {
        guard let transaction, !failed.isSet else { return }
        do {
            try await transaction.write(bytes)
        } catch {
            logger.error("queue file write error: \(error)")
            failed.set()
            await transaction.abort()
        }
    }

    /// Commits: `250 2.0.0 Ok: queued as ID` only once the queue has synced the message.
    func commit() async -> SMTPServerMachine.CommitOutcome {
        let unavailable = SMTPServerMachine.CommitOutcome.failed(
            SMTPReply(.localError, EnhancedStatusCode("4.3.0"), "Error: queue file write error"))
        guard let transaction, !failed.isSet else { return unavailable }
        do {
            let id = try await transaction.commit()
            logger.info("message queued", metadata: ["queue_id": "\(id)"])
            return .queued(id: id)
        } catch {
            logger.error("queue commit failed: \(error)")
            return unavailable
        }
    }

    /// Drops the message.
    func abort() async {
        guard let transaction, !failed.isSet else { return }
        failed.set()
        await transaction.abort()
    }
}
