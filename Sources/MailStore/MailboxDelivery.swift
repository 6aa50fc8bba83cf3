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
    ///   - deliveryID: a name for this delivery that stays the same when it is retried (the queue ID and
    ///     the recipient's index, letters, digits and `_` only); a store that can, records it so that
    ///     ``contains(deliveryID:in:)`` can tell a retry after a crash that the message is already there.
    ///   - message: writes the message's bytes into the writer it is given.
    /// - Returns: where the message was stored.
    /// - Throws: a ``MailStoreError`` when the mailbox cannot be written; an error thrown by `message`
    ///   is rethrown unchanged, after the partial message has been removed.
    func deliver(
        to mailbox: MailboxLocation,
        envelopeSender: String,
        deliveryID: String?,
        message: (MessageWriter) throws -> Void
    ) throws -> DeliveryReceipt

    /// True when a delivery with `deliveryID` is already in `mailbox`. This makes delivery after a crash
    /// exactly-once where the format allows it: a Maildir file name carries the ID; an mbox has no place
    /// for it without adding a header, so there this is always false (at-least-once, as Postfix).
    /// It reads the mailbox's directory listing: call it only for messages recovered after a restart.
    func contains(deliveryID: String, in mailbox: MailboxLocation) throws -> Bool
}

extension MailboxDelivery {
    /// Appends one message with no delivery ID.
    public func deliver(
        to mailbox: MailboxLocation,
        envelopeSender: String,
        message: (MessageWriter) throws -> Void
    ) throws -> DeliveryReceipt {
        try deliver(to: mailbox, envelopeSender: envelopeSender, deliveryID: nil, message: message)
    }

    /// Appends one message whose bytes come as a sequence of chunks.
    public func deliver<Chunk: Sequence<UInt8>>(
        to mailbox: MailboxLocation,
        envelopeSender: String,
        chunks: some Sequence<Chunk>
    ) throws -> DeliveryReceipt {
        try deliver(to: mailbox, envelopeSender: envelopeSender, deliveryID: nil) { writer in
            for chunk in chunks {
                try writer.write(chunk)
            }
        }
    }
}
