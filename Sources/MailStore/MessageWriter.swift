/// Where a message producer pushes the bytes of one message during
/// ``MailboxDelivery/deliver(to:envelopeSender:message:)``.
///
/// The bytes are the message as RFC 5322 §2.1 defines it (header fields, a blank line, the body), with
/// whatever line endings the producer has; the mailbox format decides how they are stored (Maildir keeps
/// them byte for byte, mboxrd converts CRLF to LF and quotes `From ` lines). Chunks may split lines and
/// line endings anywhere.
///
/// A writer is only valid inside the `message` closure it was passed to, on that closure's thread.
public struct MessageWriter {
    private let consume: (UnsafeRawBufferPointer) throws -> Void

    /// A writer that hands each chunk to `consume`; mailbox stores make their own, and test doubles of
    /// ``MailboxDelivery`` can use this to collect the bytes.
    public init(_ consume: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.consume = consume
    }

    /// Appends `bytes` to the message.
    public func write(_ bytes: some Sequence<UInt8>) throws {
        let done: Void? = try bytes.withContiguousStorageIfAvailable { buffer in
            try consume(UnsafeRawBufferPointer(buffer))
        }
        if done == nil {
            try Array(bytes).withUnsafeBytes(consume)
        }
    }

    /// Appends the UTF-8 bytes of `text`, such as a prepended `Delivered-To:` header line.
    public func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try consume(UnsafeRawBufferPointer($0)) }
    }

    /// Appends the bytes in `buffer`.
    public func write(_ buffer: UnsafeRawBufferPointer) throws {
        try consume(buffer)
    }
}

@available(*, unavailable)
extension MessageWriter: Sendable {}
