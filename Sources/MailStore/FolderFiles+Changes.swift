import Glibc
import MailCore
import MailIndex

/// The changes the folder store makes to a folder's files: APPEND, flags in Maildir names, EXPUNGE.
extension FolderFiles {
    /// The envelope sender of an appended mbox entry's `From ` line, as Dovecot writes it.
    static let appendSender = MboxFromLine.nullSender

    /// APPEND (RFC 9051 §6.3.12): stores `message` durably and returns its entry.
    ///
    /// Maildir: written to `tmp/` with LF line ends (as deliveries are, ``MaildirDeliverer``), its mtime
    /// set to `internalDate`, synced, renamed into `cur/` with `,S=`, `,W=` and its flags' `:2,` info,
    /// and `cur/` synced, as Dovecot saves an appended message. mbox: appended in mboxrd form under the
    /// delivery locks (``MboxDeliverer``) with `internalDate` in its `From ` line.
    public func append(_ message: [UInt8], flags: MessageFlags, internalDate: Int64) throws(MailStoreError) -> FolderEntry {
        try run { (access) throws(MailStoreError) -> FolderEntry in
            switch mailbox.format {
            case .maildir:
                let staged = try stage(message, internalDate: internalDate, preparing: true, access: access)
                let path = try publish(staged, flags: flags, access: access)
                do throws(MailStoreError) {
                    try access.syncDirectory(mailbox.path + "/cur")
                } catch {
                    access.unlink(path)
                    throw error
                }
                return appendedEntry(path, staged, flags: flags, internalDate: internalDate)
            case .mbox:
                do {
                    let receipt = try MboxDeliverer(configuration: configuration, access: access).deliver(
                        to: mailbox.path, envelopeSender: Self.appendSender, time: time_t(internalDate)) { try $0.write(message) }
                    return try appendedEntry(at: receipt.offset, flags: flags, internalDate: internalDate, access: access)
                } catch {
                    throw Self.storeError(error, path: mailbox.path)
                }
            }
        }
    }

    // MARK: - APPEND in steps

    /// The first step of a Maildir APPEND taken apart, for a caller that holds a lock only around
    /// the step that makes the message visible: the message written to `tmp/` with LF line ends, its
    /// mtime set to `internalDate`, synced. `nil` for an mbox, which appends in one step
    /// (``append(_:flags:internalDate:)``). A Maildir without `tmp/` is not made here: that throws
    /// `ENOENT` (``MailStoreError/errorNumber``).
    public func stageAppend(_ message: [UInt8], internalDate: Int64) throws(MailStoreError) -> StagedMaildirFile? {
        guard mailbox.format == .maildir else { return nil }
        return try run { (access) throws(MailStoreError) -> StagedMaildirFile in
            try stage(message, internalDate: internalDate, preparing: false, access: access)
        }
    }

    /// The second step: the staged message renamed into `cur/` with its flags' `:2,` info, as
    /// Dovecot saves an appended message; its entry, and the folder's stamp after it (``stamp()``,
    /// `nil` when it could not be taken). It is not on disk yet: ``syncAppended()`` comes before the
    /// APPEND is acknowledged. On failure the staged file is removed.
    public func publishAppend(_ staged: StagedMaildirFile, flags: MessageFlags,
                              internalDate: Int64) throws(MailStoreError) -> (entry: FolderEntry, stamp: FolderStamp?) {
        try run { (access) throws(MailStoreError) -> (entry: FolderEntry, stamp: FolderStamp?) in
            let path = try publish(staged, flags: flags, access: access)
            return (appendedEntry(path, staged, flags: flags, internalDate: internalDate), try? stamp(access))
        }
    }

    /// The last step: `cur/` synced, so the messages published into it survive a crash.
    public func syncAppended() throws(MailStoreError) {
        try run { (access) throws(MailStoreError) in try access.syncDirectory(mailbox.path + "/cur") }
    }

    /// Removes a staged message that is not to be published.
    public func discard(_ staged: StagedMaildirFile) {
        _ = try? run { (access) throws(MailStoreError) in access.unlink(staged.temporaryPath) }
    }

    private func stage(_ message: [UInt8], internalDate: Int64, preparing: Bool,
                       access: MailboxAccess) throws(MailStoreError) -> StagedMaildirFile {
        do {
            return try MaildirDeliverer(hostName: configuration.hostName, access: access).stage(
                into: mailbox.path, modificationTime: internalDate, preparing: preparing) { try $0.write(message) }
        } catch {
            throw Self.storeError(error, path: mailbox.path)
        }
    }

    private func publish(_ staged: StagedMaildirFile, flags: MessageFlags, access: MailboxAccess) throws(MailStoreError) -> String {
        try MaildirDeliverer(hostName: configuration.hostName, access: access).publish(
            staged, into: mailbox.path, info: MaildirInfo.letters(of: flags, keywords: []))
    }

    private func appendedEntry(_ path: String, _ staged: StagedMaildirFile, flags: MessageFlags, internalDate: Int64) -> FolderEntry {
        let name = fileName(of: path)
        return FolderEntry(key: MaildirReader.key(of: name), location: FolderMessageLocation(.maildirFile(path)),
                           flags: flags, internalDate: internalDate, size: staged.virtualSize)
    }

    /// The mbox entry whose `From ` line starts at `offset`, found by scanning the file again: its key
    /// counts the entries with the same digest before it.
    private func appendedEntry(at offset: Int64, flags: MessageFlags, internalDate: Int64,
                               access: MailboxAccess) throws(MailStoreError) -> FolderEntry {
        let locked = try LockedMbox.acquire(mailbox.path, configuration: configuration, access: access)
        defer { locked.release() }
        guard let scanned = try MboxReader.scan(locked.file).entries.first(where: { $0.fromLine == offset }) else {
            throw MailStoreError(.messageNotFound, path: mailbox.path, reason: "the appended message was rewritten away")
        }
        return FolderEntry(key: scanned.key, location: FolderMessageLocation(.mboxEntry(fromLine: scanned.fromLine, content: scanned.content)),
                           flags: flags, internalDate: internalDate, size: try Self.countBytes(locked.file, range: scanned.content))
    }

    /// Gives Maildir files the `:2,` info of their flags, as mutt and Dovecot name them; a file in `new/`
    /// moves to `cur/` (a reader has seen it). Keywords other than `$Forwarded` get no letter: the index
    /// keeps them. Returns the files' new locations by key (a file another program removed is left
    /// out) and the folder's stamp after the renames (``stamp()``; `nil` when nothing was renamed or it
    /// could not be taken). Does nothing for an mbox, whose flags only the index holds.
    ///
    /// The renames are not synced (no `fsync` of `cur/` or `new/`), as Dovecot's `mail_fsync =
    /// optimized` does not sync flag changes: they survive SIGKILL; after a power loss a file may
    /// show its old flags, which the index, the authority for flags, does not read again.
    public func setFlags(_ changes: [(key: String, location: FolderMessageLocation?, flags: MessageFlags)])
        throws(MailStoreError) -> (moved: [String: FolderMessageLocation], stamp: FolderStamp?) {
        guard mailbox.format == .maildir, !changes.isEmpty else { return ([:], nil) }
        return try run { (access) throws(MailStoreError) -> (moved: [String: FolderMessageLocation], stamp: FolderStamp?) in
            var moved: [String: FolderMessageLocation] = [:]
            var renamed = false
            for change in changes {
                var path = try? maildirPath(change.key, hint: change.location, access: access)
                for attempt in 0..<2 {
                    guard let current = path else { break }
                    let name = fileName(of: current)
                    let target = "\(mailbox.path)/cur/" + MaildirInfo.name(name, with: change.flags, keywords: [])
                    if target == current {
                        moved[change.key] = FolderMessageLocation(.maildirFile(current))
                        break
                    }
                    let result = access.rename(current, to: target)
                    if result == 0 {
                        moved[change.key] = FolderMessageLocation(.maildirFile(target))
                        renamed = true
                        break
                    }
                    guard result == ENOENT, attempt == 0 else {
                        throw .system(result, "cannot rename the message for its flags", path: current)
                    }
                    path = try MaildirReader.locate(key: change.key, in: mailbox.path, access: access)
                }
            }
            return (moved, renamed ? try? stamp(access) : nil)
        }
    }

    /// EXPUNGE: removes the messages with these keys. Maildir: each file is unlinked (one already gone
    /// is skipped) and `cur/` and `new/` are synced. mbox: all at once by a rewrite under the locks
    /// (``MboxRewrite``); messages delivered meanwhile stay.
    public func remove(_ messages: [(key: String, location: FolderMessageLocation?)]) throws(MailStoreError) {
        guard !messages.isEmpty else { return }
        try run { (access) throws(MailStoreError) in
            switch mailbox.format {
            case .maildir:
                let files = messages.map { (key: $0.key, path: try? maildirPath($0.key, hint: $0.location, access: access)) }
                try MaildirReader.unlink(files, in: mailbox.path, access: access)
            case .mbox:
                _ = try MboxRewrite.remove(Set(messages.map(\.key)), from: mailbox.path, configuration: configuration, access: access)
            }
        }
    }
}
