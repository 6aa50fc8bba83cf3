/// The delivery side of the mail store: appends one message to one mailbox, durably and atomically.
///
/// This is the job of Postfix local(8) and Dovecot LDA: a Maildir++ message goes to `tmp/`, is synced
/// and renamed into `new/` (https://cr.yp.to/proto/maildir.html); an mboxrd message is appended under
/// the dot-lock and fcntl locks mail readers use, then synced. Either the whole message is in the
/// mailbox when `deliver` returns, or nothing of it is (a partial `tmp/` file is removed, an mbox file
/// is truncated back to its old size), so a failed delivery can simply be retried.
///
/// ## Streaming
/// The message is never held in memory by the store: `deliver` opens and locks the mailbox, then calls
/// `message` with a ``MessageWriter``, and the producer pushes the message through it chunk by chunk
/// (for instance the prepended `Return-Path:`/`Delivered-To:` lines, then the spool file read in
/// 64 KiB pieces). When `message` returns, the store finishes and syncs the mailbox.
///
/// ## Blocking
/// `deliver` does blocking file I/O and may wait (boundedly) for another program's mailbox lock. Call it
/// from a thread that may block (a thread pool), not from a Swift concurrency executor.
public protocol MailboxDelivery: Sendable {
    /// Appends one message to `mailbox`.
    ///
    /// - Parameters:
    ///   - mailbox: the resolved mailbox (see ``MailboxLocation/init(inboxOf:name:address:home:)``).
    ///   - envelopeSender: the RFC 5321 reverse-path without angle brackets, empty for the null sender
    ///     (`MAIL FROM:<>`); mbox writes it in the `From ` line.
    ///   - message: writes the message's bytes into the writer it is given.
    /// - Returns: where the message was stored.
    /// - Throws: a ``MailStoreError`` when the mailbox cannot be written; an error thrown by `message`
    ///   is rethrown unchanged, after the partial message has been removed.
    func deliver(
        to mailbox: MailboxLocation,
        envelopeSender: String,
        message: (MessageWriter) throws -> Void
    ) throws -> DeliveryReceipt
}

extension MailboxDelivery {
    /// Appends one message whose bytes come as a sequence of chunks.
    public func deliver<Chunk: Sequence<UInt8>>(
        to mailbox: MailboxLocation,
        envelopeSender: String,
        chunks: some Sequence<Chunk>
    ) throws -> DeliveryReceipt {
        try deliver(to: mailbox, envelopeSender: envelopeSender) { writer in
            for chunk in chunks {
                try writer.write(chunk)
            }
        }
    }
}
