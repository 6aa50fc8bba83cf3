import MailStore

/// Local delivery that tells the account's open store and the ``FolderChangeHub`` when a message
/// lands, so sessions see it at their next command and IMAP sessions idling on the INBOX write
/// `* n EXISTS` at once (RFC 2177 §3) instead of at their next look at the disk. The account's key
/// is its INBOX's path, as the IMAP server names it.
public struct AnnouncingMailboxDelivery: MailboxDelivery {
    let base: any MailboxDelivery
    let hub: FolderChangeHub
    let stores: SharedFolderStores

    public init(_ base: any MailboxDelivery, hub: FolderChangeHub, stores: SharedFolderStores) {
        self.base = base
        self.hub = hub
        self.stores = stores
    }

    public func deliver(to mailbox: MailboxLocation, envelopeSender: String, deliveryID: String?,
                        message: (MessageWriter) throws -> Void) throws -> DeliveryReceipt {
        let receipt = try base.deliver(to: mailbox, envelopeSender: envelopeSender, deliveryID: deliveryID, message: message)
        stores.noteChangeElsewhere(account: mailbox.path, folder: "INBOX")
        hub.post(account: mailbox.path, folder: "INBOX")
        return receipt
    }

    public func contains(deliveryID: String, in mailbox: MailboxLocation) throws -> Bool {
        try base.contains(deliveryID: deliveryID, in: mailbox)
    }
}
