import Glibc

/// Removes entries from an mbox file, all at once or not at all, as mail(1) rewrites a mailbox.
///
/// Under the dot-lock and fcntl lock the file is scanned again, so messages delivered since the caller
/// listed it, and changes mail(1) made, are kept. The remaining bytes (the part before the first `From `
/// line and every kept entry, byte for byte) are written to `PATH.tmp` in the same directory with the
/// mailbox's mode and owner, synced, renamed over the mailbox, and the directory is synced. Until the
/// rename the mailbox is untouched; after a failure the temporary file is removed.
enum MboxRewrite {
    /// Removes the entries with `keys` from the mbox at `path`; returns the new keys of kept exact
    /// duplicates (their occurrence counters move down), or `nil` when no entry had one of `keys`.
    static func remove(_ keys: Set<String>, from path: String, configuration: MailboxDeliveryAgent.Configuration,
                       access: MailboxAccess) throws(MailStoreError) -> [String: String]? {
        let locked = try LockedMbox.acquire(path, configuration: configuration, access: access)
        defer { locked.release() }
        let file = locked.file
        let (entries, size) = try MboxReader.scan(file)
        guard entries.contains(where: { keys.contains($0.key) }) else { return nil }

        // The ranges to keep and the new keys of kept duplicates (their counters move down).
        var kept: [Range<Int64>] = [0..<(entries.first?.fromLine ?? size)]
        var renaming: [String: String] = [:]
        var occurrences: [Substring: Int] = [:]
        for (index, entry) in entries.enumerated() where !keys.contains(entry.key) {
            let end = index + 1 < entries.count ? entries[index + 1].fromLine : size
            kept.append(entry.fromLine..<end)
            let digest = entry.key.prefix { $0 != "." }
            let occurrence = occurrences[digest, default: 0]
            occurrences[digest] = occurrence + 1
            let newKey = "\(digest).\(occurrence)"
            if newKey != entry.key {
                renaming[entry.key] = newKey
            }
        }

        let temporaryPath = path + ".tmp"
        let original = try file.status()
        let temporary = try createTemporary(temporaryPath, access: access)
        do throws(MailStoreError) {
            for range in kept {
                try copy(range, from: file, to: temporary)
            }
            let owned = access.fileSystem.changeOwner(temporary.descriptor, uid: original.st_uid, gid: original.st_gid, as: access.actor)
            if owned != 0, owned != EPERM {
                throw MailStoreError.system(owned, "cannot set the owner", path: temporaryPath)
            }
            if fchmod(temporary.descriptor, original.st_mode & 0o7777) != 0 {
                throw MailStoreError.system(errno, "cannot set the mode", path: temporaryPath)
            }
            try temporary.sync()
            try temporary.close()
        } catch {
            temporary.closeQuietly()
            access.unlink(temporaryPath)
            throw error
        }
        let renamed = access.rename(temporaryPath, to: path)
        guard renamed == 0 else {
            access.unlink(temporaryPath)
            throw MailStoreError.system(renamed, "cannot replace the mailbox", path: path)
        }
        try access.syncDirectory(parentDirectory(of: path))
        return renaming
    }

    /// Creates `path` exclusively; a file left there by a crashed rewrite (we hold the locks) is removed
    /// first.
    private static func createTemporary(_ path: String, access: MailboxAccess) throws(MailStoreError) -> SystemFile {
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW
        do throws(MailStoreError) {
            return try access.open(path, flags: flags, mode: 0o600)
        } catch let error where error.errorNumber == EEXIST {
            let removed = access.unlink(path)
            guard removed == 0 else { throw .system(removed, "cannot remove a stale temporary file", path: path) }
            return try access.open(path, flags: flags, mode: 0o600)
        }
    }

    private static func copy(_ range: Range<Int64>, from source: SystemFile, to target: SystemFile) throws(MailStoreError) {
        var offset = range.lowerBound
        while offset < range.upperBound {
            let chunk = try source.read(count: Int(min(65536, range.upperBound - offset)), at: offset)
            guard !chunk.isEmpty else {
                throw MailStoreError(.systemError, path: source.path, reason: "the mailbox shrank while it was locked")
            }
            try target.write(bytes: chunk)
            offset += Int64(chunk.count)
        }
    }
}
