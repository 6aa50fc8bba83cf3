import Glibc

/// Delivers one message into a Maildir (https://cr.yp.to/proto/maildir.html), the way Dovecot LDA and
/// Postfix local(8) do, so Dovecot, mutt and mbsync read it.
///
/// 1. `tmp/UNIQUE` is created with `O_EXCL` (mode 0600); on `ENOENT` the Maildir is made first: the
///    root and `cur/ new/ tmp/`, mode 0700, and the directories that gained entries are synced.
/// 2. The message is written with LF line ends (``LineEndFolder``), as Postfix and Dovecot write Maildir
///    files, then the file is synced and closed.
/// 3. It is renamed to `new/UNIQUE,S=SIZE,W=VSIZE` and `new/` is synced: `S=` the file's size, `W=` the
///    size with CRLF line ends, which POP3 LIST and IMAP RFC822.SIZE report.
///
/// On any error the `tmp/` file is removed (and a renamed file whose directory could not be synced is
/// taken back out of `new/`), so `new/` never holds a partial or unacknowledged message.
///
/// The folder store's APPEND takes the steps one at a time (``stage(into:modificationTime:message:)``,
/// ``publish(_:into:info:)``), so that only the rename runs under the account's lock.
struct MaildirDeliverer {
    let hostName: String
    let access: MailboxAccess

    private static let subdirectories = ["cur", "new", "tmp"]
    private static let nameAttempts = 5

    /// Delivers into `new/`; with `info` (an IMAP APPEND, whose flags are known) into `cur/` with that
    /// `:2,` info instead, as Dovecot saves an appended message. `modificationTime` becomes the file's
    /// mtime, which Dovecot and mailroom read as the message's INTERNALDATE.
    func deliver(into root: String, deliveryID: String?, info: String? = nil, modificationTime: Int64? = nil,
                 message: (MessageWriter) throws -> Void) throws -> DeliveryReceipt {
        let staged = try stage(into: root, deliveryID: deliveryID, modificationTime: modificationTime, preparing: true, message: message)
        let newPath = try publish(staged, into: root, info: info)
        do {
            try access.syncDirectory(parentDirectory(of: newPath))
        } catch {
            access.unlink(newPath)
            throw error
        }
        return DeliveryReceipt(path: newPath, offset: 0, size: staged.size)
    }

    /// Steps 1 and 2: the message written to `tmp/`, synced and closed. With `preparing` false a Maildir
    /// without `tmp/` is not made: the open fails with `ENOENT`.
    func stage(into root: String, deliveryID: String? = nil, modificationTime: Int64?, preparing: Bool = false,
               message: (MessageWriter) throws -> Void) throws -> StagedMaildirFile {
        let (file, name) = try createTemporaryFile(in: root, deliveryID: deliveryID, preparing: preparing)
        var isOpen = true
        do {
            let output = BufferedOutput(file)
            var virtualSize = VirtualSizeCounter()
            var folder = LineEndFolder()
            let writer = MessageWriter { chunk in
                virtualSize.add(chunk)
                try output.appendEncoded { folder.encode(chunk, into: &$0) }
            }
            try message(writer)
            try output.appendEncoded { folder.finish(into: &$0) }
            try output.flush()
            if let modificationTime {
                let time = timespec(tv_sec: Int(modificationTime), tv_nsec: 0)
                guard futimens(file.descriptor, [time, time]) == 0 else {
                    throw MailStoreError.system(errno, "cannot set the file's time", path: file.path)
                }
            }
            try file.sync()
            isOpen = false
            try file.close()
            return StagedMaildirFile(temporaryPath: file.path, name: name, size: output.count, virtualSize: virtualSize.size)
        } catch {
            if isOpen {
                file.closeQuietly()
            }
            access.unlink(file.path)
            throw error
        }
    }

    /// Step 3 without the sync: renames a staged file to `new/NAME,S=…,W=…`, or with `info` to
    /// `cur/NAME,S=…,W=…:2,INFO`, and returns its path; the caller syncs that directory before it
    /// acknowledges the message. On failure the `tmp/` file is removed.
    func publish(_ staged: StagedMaildirFile, into root: String, info: String?) throws(MailStoreError) -> String {
        let finalName = MaildirUniqueName.withSizes(staged.name, size: staged.size, virtualSize: staged.virtualSize)
            + (info.map { MaildirInfo.marker + $0 } ?? "")
        let directory = info == nil ? "new" : "cur"
        let newPath = "\(root)/\(directory)/\(finalName)"
        let renamed = access.rename(staged.temporaryPath, to: newPath)
        guard renamed == 0 else {
            access.unlink(staged.temporaryPath)
            throw .system(renamed, "cannot move message into \(directory)/", path: newPath)
        }
        return newPath
    }

    /// True when `new/` or `cur/` holds a file whose name carries `deliveryID` (a reader may have moved
    /// it to `cur/` and added flags; the ID part of the name never changes).
    func contains(deliveryID: String, in root: String) throws(MailStoreError) -> Bool {
        let marker = MaildirUniqueName.marker(deliveryID)
        for directory in ["new", "cur"] {
            if try access.names(in: "\(root)/\(directory)")?.contains(where: { $0.contains(marker) }) == true {
                return true
            }
        }
        return false
    }

    private func createTemporaryFile(in root: String, deliveryID: String?, preparing: Bool) throws(MailStoreError) -> (SystemFile, String) {
        var prepared = !preparing
        var attempt = 0
        while true {
            let name = MaildirUniqueName.make(hostName: hostName, deliveryID: deliveryID)
            do {
                return (try access.open("\(root)/tmp/\(name)", flags: O_WRONLY | O_CREAT | O_EXCL, mode: 0o600), name)
            } catch let error where error.errorNumber == ENOENT && !prepared {
                try prepare(root)
                prepared = true
            } catch let error where error.errorNumber == EEXIST && attempt < Self.nameAttempts {
                // Another process with our pid (a container, a reused pid) in the same microsecond.
                attempt += 1
            }
        }
    }

    /// Creates the Maildir and syncs the directories that gained entries.
    private func prepare(_ root: String) throws(MailStoreError) {
        let createdRoot = try access.makeDirectories(root)
        var createdSubdirectory = false
        for subdirectory in Self.subdirectories where try access.makeDirectories("\(root)/\(subdirectory)") {
            createdSubdirectory = true
        }
        if createdRoot {
            try access.syncDirectory(parentDirectory(of: root))
        }
        if createdSubdirectory {
            try access.syncDirectory(root)
        }
    }
}

/// A message written to a Maildir's `tmp/` and synced, not yet moved in (``MaildirDeliverer``).
public struct StagedMaildirFile: Sendable {
    /// The file in `tmp/`.
    let temporaryPath: String
    /// Its unique name, without the size fields.
    let name: String
    /// Its size on disk (`S=`) and with CRLF line ends (`W=`, RFC822.SIZE).
    let size: Int64
    let virtualSize: Int64
}
