import MailroomConfig

/// Local delivery into Maildir++ and mboxrd mailboxes: mailroom's Postfix local(8) / Dovecot LDA.
///
/// Maildir deliveries follow https://cr.yp.to/proto/maildir.html (``MaildirDeliverer``); mbox
/// deliveries are mboxrd under dot-lock and fcntl locks, as Postfix writes `/var/mail`
/// (RFC 4155; ``MboxDeliverer``). See ``MailboxDelivery`` for the atomicity and streaming contract.
public struct MailboxDeliveryAgent: MailboxDelivery {
    /// The settings deliveries use.
    public let configuration: Configuration

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    public func deliver(
        to mailbox: MailboxLocation,
        envelopeSender: String,
        deliveryID: String?,
        message: (MessageWriter) throws -> Void
    ) throws -> DeliveryReceipt {
        guard mailbox.path.hasPrefix("/") else {
            throw MailStoreError(.invalidLocation, path: mailbox.path, reason: "is not an absolute path")
        }
        switch mailbox.format {
        case .maildir:
            return try MaildirDeliverer(hostName: configuration.hostName)
                .deliver(into: mailbox.path, deliveryID: deliveryID, message: message)
        case .mbox:
            return try MboxDeliverer(configuration: configuration)
                .deliver(to: mailbox.path, envelopeSender: envelopeSender, message: message)
        }
    }

    public func contains(deliveryID: String, in mailbox: MailboxLocation) throws -> Bool {
        switch mailbox.format {
        case .maildir: try MaildirDeliverer(hostName: configuration.hostName).contains(deliveryID: deliveryID, in: mailbox.path)
        case .mbox: false
        }
    }
}
