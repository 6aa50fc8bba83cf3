import Glibc

extension MailboxSnapshot {
    /// Runs `body` with the mbox file and the entry's content range, under the mail readers' locks. The
    /// entry is first looked for where the snapshot saw it; when the bytes there no longer have its
    /// digest (mail(1) rewrote the file), the file is scanned again and the entry found by its key.
    func withMboxEntry(
        _ message: StoredMessage,
        fromLine: Int64,
        content: Range<Int64>,
        access: MailboxAccess,
        _ body: (SystemFile, Range<Int64>) throws -> Void
    ) throws {
        let locked = try LockedMbox.acquire(mailbox.path, configuration: configuration, access: access)
        defer { locked.release() }
        let file = locked.file
        var range = content
        if try !MboxReader.entry(key: message.key, fromLine: fromLine, content: content, isStillIn: file) {
            guard let entry = try MboxReader.scan(file).entries.first(where: { $0.key == message.key }) else {
                throw MailStoreError(.messageNotFound, path: mailbox.path, reason: "message \(message.uid) was deleted")
            }
            range = entry.content
        }
        try body(file, range)
    }

    /// Removes the entries with `keys` from the mbox, all at once or not at all (``MboxRewrite``):
    /// messages delivered since the snapshot stay.
    func expungeMbox(_ keys: Set<String>, access: MailboxAccess) throws(MailStoreError) {
        // The index lock first, as when a snapshot is taken (see MailboxIndex.withLock).
        let index = MailboxIndex(access: access)
        try index.withLock { () throws(MailStoreError) in
            try rewriteMbox(without: keys, index: index, access: access)
        }
    }

    private func rewriteMbox(without keys: Set<String>, index: MailboxIndex, access: MailboxAccess) throws(MailStoreError) {
        let renaming = try MboxRewrite.remove(keys, from: mailbox.path, configuration: configuration, access: access)
        try index.removeLocked(keys: keys, renaming: renaming ?? [:])
    }
}
