import MailCore
import Glibc

/// The messages of one mailbox at one moment, in UID order: what a POP3 session works on from
/// authentication to QUIT (RFC 1939 §4: messages that arrive later are not in it), and the message list
/// an IMAP SELECT starts from.
///
/// Taking a snapshot lists the mailbox, brings the ``MailboxIndex`` up to date (new messages get the next
/// UIDs) and computes each message's size as it is sent. The snapshot does not hold the mailbox open:
/// ``read(_:into:)`` and ``expunge(_:)`` find the message again, by its file (which a Maildir reader may
/// have moved or renamed) or by its digest (which an mbox rewrite by mail(1) keeps).
///
/// Blocking file I/O throughout; call it from a thread that may block. An mbox is read under the dot-lock
/// and fcntl lock mail readers honour, held only while listing, reading one message or rewriting.
public struct MailboxSnapshot: Sendable {
    /// The mailbox.
    public let mailbox: MailboxLocation
    /// RFC 9051 §2.3.1.1.
    public let uidValidity: UInt32
    /// The messages in ascending UID order.
    public let messages: [StoredMessage]
    /// Lock waits for mbox files.
    let configuration: MailboxDeliveryAgent.Configuration

    /// Takes a snapshot of `mailbox`. A mailbox that does not exist yet is empty.
    /// - Parameter configuration: how long to wait for mail readers' mbox locks.
    public static func open(
        mailbox: MailboxLocation,
        configuration: MailboxDeliveryAgent.Configuration = .init()
    ) throws(MailStoreError) -> MailboxSnapshot {
        guard mailbox.path.hasPrefix("/") else {
            throw MailStoreError(.invalidLocation, path: mailbox.path, reason: "is not an absolute path")
        }
        let access = MailboxAccess(for: mailbox, fileSystem: configuration.fileSystem)
        return try access.run { () throws(MailStoreError) in
            try take(mailbox: mailbox, configuration: configuration, access: access)
        }.get()
    }

    private static func take(
        mailbox: MailboxLocation,
        configuration: MailboxDeliveryAgent.Configuration,
        access: MailboxAccess
    ) throws(MailStoreError) -> MailboxSnapshot {
        let index = MailboxIndex(access: access)
        var found: [(key: String, size: Int64, storage: StoredMessage.Storage)] = []
        let assignment = try index.synchronize { () throws(MailStoreError) -> [String] in
            switch mailbox.format {
            case .maildir:
                for listing in try MaildirReader.list(mailbox.path, access: access) {
                    if let size = listing.virtualSize {
                        found.append((listing.key, size, .maildirFile(listing.path)))
                        continue
                    }
                    do {
                        let size = try MaildirReader.read(listing.path, access: access) { _ in }
                        found.append((listing.key, size, .maildirFile(listing.path)))
                    } catch let error as MailStoreError where error.errorNumber == ENOENT {
                        continue  // expunged by another client meanwhile
                    } catch {
                        throw error as? MailStoreError ?? MailStoreError(.systemError, path: listing.path, reason: "\(error)")
                    }
                }
            case .mbox:
                switch access.status(mailbox.path) {
                case .success:
                    let locked = try LockedMbox.acquire(mailbox.path, configuration: configuration, access: access)
                    defer { locked.release() }
                    for entry in try MboxReader.scan(locked.file).entries {
                        let size = try countBytes(locked.file, range: entry.content)
                        found.append((entry.key, size, .mboxEntry(fromLine: entry.fromLine, content: entry.content)))
                    }
                case .failure(let error) where error.value == ENOENT:
                    break
                case .failure(let error):
                    throw .system(error.value, "cannot stat the mailbox", path: mailbox.path)
                }
            }
            return found.map(\.key)
        }
        let messages = zip(found, assignment.uids).map { message, uid in
            StoredMessage(uid: uid, uidValidity: assignment.uidValidity, size: message.size, key: message.key, storage: message.storage)
        }
        return MailboxSnapshot(
            mailbox: mailbox,
            uidValidity: assignment.uidValidity,
            messages: messages.sorted { $0.uid < $1.uid },
            configuration: configuration
        )
    }

    /// The total size of the messages, for POP3 STAT; it stops at `Int64.max` rather than overflow.
    public var totalSize: Int64 {
        messages.reduce(0) { total, message in
            let (sum, overflow) = total.addingReportingOverflow(message.size)
            return overflow ? .max : sum
        }
    }

    /// Streams `message` to `body` in pieces of about 64 KiB: CRLF line ends, without the mbox `From `
    /// line, mboxrd quoting undone. For an mbox the mail readers' locks are held while `body` runs.
    /// - Throws: ``MailStoreError/Code/messageNotFound`` when another program deleted the message; an
    ///   error thrown by `body` unchanged.
    public func read(_ message: StoredMessage, into body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var position = MessageReadPosition(message)
        try read(message, continuing: &position, storedBytes: .max, into: body)
    }

    /// Streams the next part of `message` to `body`, as ``read(_:into:)`` streams all of it: the next
    /// `storedBytes` bytes as stored at most (so at most twice that after line ends become CRLF), from
    /// where `position` says, which then moves on. Call it again with the same position until
    /// ``MessageReadPosition/isAtEnd``. Nothing stays open or locked between calls, so a message of any
    /// size is sent with memory bounded by `storedBytes`. Each call works as the mailbox's owner and
    /// checks its path again (``MailboxAccess``).
    /// - Throws: as ``read(_:into:)``.
    public func read(_ message: StoredMessage, continuing position: inout MessageReadPosition, storedBytes: Int,
                     into body: (UnsafeRawBufferPointer) throws -> Void) throws {
        precondition(storedBytes > 0, "a piece holds at least one byte")
        let access = MailboxAccess(for: mailbox, fileSystem: configuration.fileSystem)
        try access.run { () throws in
            try read(message, continuing: &position, storedBytes: storedBytes, access: access, into: body)
        }.get()
    }

    /// Runs `body` as the mailbox's owner after one check of its path, so that reading several messages
    /// whole (a POP3 read-ahead batch) costs one identity switch and one path walk, not one per message.
    /// The identity is what keeps a link planted meanwhile from leading elsewhere, and it holds
    /// throughout.
    public func withReader<Result>(_ body: (borrowing BatchReader) throws -> Result) throws -> Result {
        let access = MailboxAccess(for: mailbox, fileSystem: configuration.fileSystem)
        return try access.run { () throws -> Result in try body(BatchReader(snapshot: self, access: access)) }.get()
    }

    /// Reads messages of one snapshot inside ``MailboxSnapshot/withReader(_:)``; valid only there.
    public struct BatchReader: ~Copyable {
        fileprivate let snapshot: MailboxSnapshot
        fileprivate let access: MailboxAccess

        /// Streams `message` whole to `body`, as ``MailboxSnapshot/read(_:into:)`` does.
        public func read(_ message: StoredMessage, into body: (UnsafeRawBufferPointer) throws -> Void) throws {
            var position = MessageReadPosition(message)
            try snapshot.read(message, continuing: &position, storedBytes: .max, access: access, into: body)
        }
    }

    /// The read itself, inside `access.run`.
    private func read(_ message: StoredMessage, continuing position: inout MessageReadPosition, storedBytes: Int,
                      access: MailboxAccess, into body: (UnsafeRawBufferPointer) throws -> Void) throws {
        switch message.storage {
        case .maildirFile(let path):
            do {
                try MaildirReader.withFile(path, access: access) { file, size in
                    try position.advance(file, range: 0..<size, storedBytes: storedBytes, into: body)
                }
            } catch let error as MailStoreError where error.errorNumber == ENOENT {
                guard let moved = try MaildirReader.locate(key: message.key, in: mailbox.path, access: access) else {
                    throw MailStoreError(.messageNotFound, path: mailbox.path, reason: "message \(message.uid) was deleted")
                }
                try MaildirReader.withFile(moved, access: access) { file, size in
                    try position.advance(file, range: 0..<size, storedBytes: storedBytes, into: body)
                }
            }
        case .mboxEntry(let fromLine, let content):
            try withMboxEntry(message, fromLine: fromLine, content: content, access: access) { file, range in
                try position.advance(file, range: range, storedBytes: storedBytes, into: body)
            }
        }
    }

    /// Deletes `messages` (POP3's UPDATE state, RFC 1939 §6). A message another program already deleted is
    /// skipped. The index forgets them; their UIDs are never given out again.
    ///
    /// Maildir: each file is unlinked. mbox: all or nothing, see ``expungeMbox(_:)``; messages delivered
    /// since the snapshot stay.
    public func expunge(_ messages: some Collection<StoredMessage>) throws(MailStoreError) {
        guard !messages.isEmpty else { return }
        let access = MailboxAccess(for: mailbox, fileSystem: configuration.fileSystem)
        try access.run { () throws(MailStoreError) in
            try expunge(messages, access: access)
        }.get()
    }

    private func expunge(_ messages: some Collection<StoredMessage>, access: MailboxAccess) throws(MailStoreError) {
        switch mailbox.format {
        case .maildir:
            let files = messages.compactMap { message -> (key: String, path: String?)? in
                guard case .maildirFile(let path) = message.storage else { return nil }
                return (message.key, path)
            }
            try MaildirReader.unlink(files, in: mailbox.path, access: access)
            try MailboxIndex(access: access).remove(keys: Set(messages.map(\.key)))
        case .mbox:
            try expungeMbox(Set(messages.map(\.key)), access: access)
        }
    }

    private static func countBytes(_ file: SystemFile, range: Range<Int64>) throws(MailStoreError) -> Int64 {
        do {
            return try stream(file, range: range, unquotesMboxrd: true) { _ in }
        } catch {
            throw error as? MailStoreError ?? MailStoreError(.systemError, path: file.path, reason: "\(error)")
        }
    }
}
