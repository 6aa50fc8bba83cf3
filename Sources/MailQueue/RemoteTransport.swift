import MailCore

/// The way out for recipients that are not delivered here (``MessageRecipient/isLocal`` false): the
/// SMTP client, by MX or through `relayhost`, plugs in here.
///
/// The queue calls ``deliver(_:to:)`` once per attempt of a message with all of its remote recipients
/// still to do; the transport may group them by destination and open as many sessions as it needs.
/// It must return one result per recipient, in the order given: `.delivered` when the next hop took
/// it (`250` after DATA), `.failed` with a permanent (5.x.x) or temporary (4.x.x) status otherwise.
/// Temporary failures are retried by the queue with its back-off; the transport does not retry.
///
/// Without a transport, remote recipients stay queued with the temporary reason
/// "no outbound transport configured" until the queue lifetime ends.
public protocol RemoteTransport: Sendable {
    /// Sends `message` to `recipients` (all remote) and reports on each.
    func deliver(_ message: SpooledMessage, to recipients: [MessageRecipient]) async -> [RecipientResult]

    /// The same, where `slot` is the message's claim on the queue's concurrent deliveries: a
    /// transport that waits for room at a busy destination gives it back meanwhile
    /// (``DeliverySlot/whileWaiting(_:)``), so the queue goes on with mail for other destinations.
    func deliver(_ message: SpooledMessage, to recipients: [MessageRecipient], slot: DeliverySlot) async -> [RecipientResult]

    /// The queue is flushed (`postqueue -f`): destinations the transport stopped trying for a while
    /// are tried again (Postfix's qmgr flushes its dead destinations so).
    func flushed() async
}

extension RemoteTransport {
    public func flushed() async {}

    public func deliver(_ message: SpooledMessage, to recipients: [MessageRecipient], slot: DeliverySlot) async -> [RecipientResult] {
        await deliver(message, to: recipients)
    }
}

/// One message's claim on the queue's concurrent deliveries (`default_process_limit`). A delivery
/// that waits for room at a busy destination gives it back meanwhile, so one slow destination does
/// not take every slot while mail for others waits (Postfix's qmgr keeps such mail in its active
/// queue without a process, in the same way).
///
/// Taking the slot back does not wait: the delivery goes on at once when its destination has room,
/// rather than hold that destination's connection idle until a queue slot frees. The queue may so
/// run a few more deliveries than its limit for a moment, at most one per destination slot that was
/// just freed by a delivery which is itself about to give its queue slot back.
public struct DeliverySlot: Sendable {
    private let give: @Sendable () -> Void
    private let take: @Sendable () -> Void

    /// `give` hands the slot back, `take` claims it again.
    public init(give: @escaping @Sendable () -> Void, take: @escaping @Sendable () -> Void) {
        self.give = give
        self.take = take
    }

    /// A slot nobody else is waiting for (tests, one-shot tools).
    public static let unmanaged = DeliverySlot(give: {}, take: {})

    /// Runs `wait` with the slot given back, in the caller's isolation.
    public func whileWaiting<T>(isolation: isolated (any Actor)? = #isolation, _ wait: () async -> T) async -> T {
        give()
        let value = await wait()
        take()
        return value
    }
}

/// A committed message as the transport sees it: the envelope, and where the message bytes are.
///
/// The bytes are `length` bytes of the file at `path` from `offset`: exactly the message as received,
/// CRLF line ends, not dot-stuffed, starting with its `Received:` header. The file stays in place until
/// ``RemoteTransport/deliver(_:to:)`` returns; read it with blocking I/O only off the cooperative
/// thread pool (NIO's `NIOFileSystem`, or a `FileRegion` for `sendfile`).
public struct SpooledMessage: Sendable, Hashable {
    /// The queue ID.
    public let id: String
    /// The envelope as committed.
    public let envelope: MessageEnvelope
    /// The queue file.
    public let path: String
    /// Where the message starts in the file.
    public let offset: Int64
    /// How many bytes the message has.
    public let length: Int64

    public init(id: String, envelope: MessageEnvelope, path: String, offset: Int64, length: Int64) {
        self.id = id
        self.envelope = envelope
        self.path = path
        self.offset = offset
        self.length = length
    }
}
