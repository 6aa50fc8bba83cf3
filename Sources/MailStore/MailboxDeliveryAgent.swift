import MailCore

/// Local delivery into Maildir++ and mboxrd mailboxes: mailroom's Postfix local(8) / Dovecot LDA.
///
/// Maildir deliveries follow https://cr.yp.to/proto/maildir.html (``MaildirDeliverer``); mbox
/// deliveries are mboxrd under dot-lock and fcntl locks, as Postfix writes `/var/mail`
/// (RFC 4155; ``MboxDeliverer``). See ``MailboxDelivery`` for the atomicity and streaming contract.
///
/// Running as root, each delivery is made as the mailbox's ``MailboxOwner`` (``MailboxAccess``), after
/// the path to it was checked (``PathWalker``): the files and folders it creates are the owner's, and a
/// link the owner planted cannot make it write anyone else's file. A refused mailbox is a temporary
/// failure (``MailStoreError/Code/notAMailbox``), so the message stays queued.
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
        let access = MailboxAccess(for: mailbox, fileSystem: configuration.fileSystem)
        return try access.run { () throws -> DeliveryReceipt in
            switch mailbox.format {
            case .maildir:
                try MaildirDeliverer(hostName: configuration.hostName, access: access)
                    .deliver(into: mailbox.path, deliveryID: deliveryID, message: message)
            case .mbox:
                try MboxDeliverer(configuration: configuration, access: access)
                    .deliver(to: mailbox.path, envelopeSender: envelopeSender, message: message)
            }
        }.get()
    }

    public func contains(deliveryID: String, in mailbox: MailboxLocation) throws -> Bool {
        guard mailbox.format == .maildir else { return false }
        let access = MailboxAccess(for: mailbox, fileSystem: configuration.fileSystem)
        return try access.run { () throws(MailStoreError) -> Bool in
            try MaildirDeliverer(hostName: configuration.hostName, access: access)
                .contains(deliveryID: deliveryID, in: mailbox.path)
        }.get()
    }
}
