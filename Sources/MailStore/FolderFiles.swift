import Glibc
import MailCore
import MailIndex

/// One folder's messages on disk, as the account folder store (IMAP, POP3; `MailFolders`) works on
/// them: a Maildir (https://cr.yp.to/proto/maildir.html) or an mboxrd file (RFC 4155), listed, read,
/// appended to, renamed for flags and expunged, every path system call made as the mailbox's owner
/// through ``MailboxAccess`` (so the privileged agent keeps working once the server dropped root).
///
/// Keys are those the old ``MailboxIndex`` used (a Maildir base name, an mbox entry's digest), so a folder's
/// old `mailroom.index` numbers the same messages. Sizes are RFC822.SIZE: CRLF line ends, no `From `
/// line, mboxrd quoting undone (RFC 9051 §7.5.2).
///
/// Blocking file I/O; call it from a thread that may block.
public struct FolderFiles: Sendable {
    /// The folder's mailbox.
    public let mailbox: MailboxLocation
    let configuration: MailboxDeliveryAgent.Configuration

    public init(mailbox: MailboxLocation, configuration: MailboxDeliveryAgent.Configuration) {
        self.mailbox = mailbox
        self.configuration = configuration
    }

    /// Runs `body` as the mailbox's owner after one check of its path.
    func run<T>(_ body: (MailboxAccess) throws(MailStoreError) -> T) throws(MailStoreError) -> T {
        let access = MailboxAccess(for: mailbox, fileSystem: configuration.fileSystem)
        return try access.run { () throws(MailStoreError) -> T in try body(access) }.get()
    }

    // MARK: - Looking

    /// What a listing depends on: the `new/` and `cur/` directories' or the mbox file's inode, size and
    /// change times. Equal stamps mean the listing would be the same, provided the newest time is old
    /// enough that a later change in the same clock tick is impossible (see ``FolderStamp/newest``).
    public func stamp() throws(MailStoreError) -> FolderStamp {
        try run { (access) throws(MailStoreError) -> FolderStamp in try stamp(access) }
    }

    /// ``stamp()`` inside a ``run(_:)`` already under way: a change returns the stamp it left with it,
    /// saving the folder store a second check of the path.
    func stamp(_ access: MailboxAccess) throws(MailStoreError) -> FolderStamp {
        let paths = mailbox.format == .maildir ? [mailbox.path + "/new", mailbox.path + "/cur"] : [mailbox.path]
        var fields: [Int64] = []
        var newest: Int64 = 0
        for path in paths {
            switch access.status(path) {
            case .success(let info):
                fields += [Int64(info.st_ino), Int64(info.st_size), Int64(info.st_mtim.tv_sec), Int64(info.st_mtim.tv_nsec),
                           Int64(info.st_ctim.tv_sec), Int64(info.st_ctim.tv_nsec)]
                newest = max(newest, Int64(info.st_mtim.tv_sec))
            case .failure(let error) where error.value == ENOENT:
                fields.append(-1)
            case .failure(let error):
                throw .system(error.value, "cannot stat the folder", path: path)
            }
        }
        return FolderStamp(fields: fields, newest: newest)
    }

    /// Whether the folder holds messages on disk (a Maildir with `cur/`, an mbox file).
    public func exists() throws(MailStoreError) -> Bool {
        try run { (access) throws(MailStoreError) -> Bool in
            let path = mailbox.format == .maildir ? mailbox.path + "/cur" : mailbox.path
            switch access.status(path, followingLinks: false) {
            case .success(let info):
                return info.st_mode & S_IFMT == (mailbox.format == .maildir ? S_IFDIR : S_IFREG)
            case .failure(let error) where error.value == ENOENT || error.value == ENOTDIR:
                return false
            case .failure(let error):
                throw .system(error.value, "cannot stat the folder", path: path)
            }
        }
    }

    /// The messages in arrival order (Maildir: by the time in the name; mbox: file order). Entries for
    /// which `isKnown` is true are not measured (their size and date are the index's already): their
    /// ``FolderEntry/size`` and ``FolderEntry/internalDate`` are 0. A missing folder is empty.
    public func list(isKnown: (String) -> Bool) throws(MailStoreError) -> [FolderEntry] {
        switch mailbox.format {
        case .maildir: try listMaildir(isKnown: isKnown)
        case .mbox: try run { (access) throws(MailStoreError) -> [FolderEntry] in try listMbox(access, isKnown: isKnown) }
        }
    }

    private func listMaildir(isKnown: (String) -> Bool) throws(MailStoreError) -> [FolderEntry] {
        let listings = try run { (access) throws(MailStoreError) in try MaildirReader.list(mailbox.path, access: access) }
        let unknown = listings.indices.filter { !isKnown(listings[$0].key) }
        var measured = try measure(unknown.map { listings[$0] })[...]
        var unmeasured = unknown[...]
        var entries: [FolderEntry] = []
        for (index, listing) in listings.enumerated() {
            let name = fileName(of: listing.path)
            var entry = FolderEntry(key: listing.key, location: FolderMessageLocation(.maildirFile(listing.path)),
                                    flags: MaildirInfo.flags(ofName: name, keywords: []), internalDate: 0, size: 0)
            if unmeasured.first == index {
                unmeasured.removeFirst()
                guard let measure = measured.removeFirst() else {
                    continue  // expunged by another program meanwhile
                }
                (entry.internalDate, entry.size) = measure
            }
            entries.append(entry)
        }
        return entries
    }

    private func listMbox(_ access: MailboxAccess, isKnown: (String) -> Bool) throws(MailStoreError) -> [FolderEntry] {
        switch access.status(mailbox.path) {
        case .success: break
        case .failure(let error) where error.value == ENOENT: return []
        case .failure(let error): throw .system(error.value, "cannot stat the mailbox", path: mailbox.path)
        }
        let locked = try LockedMbox.acquire(mailbox.path, configuration: configuration, access: access)
        defer { locked.release() }
        let fileTime = Int64(try locked.file.status().st_mtim.tv_sec)
        var entries: [FolderEntry] = []
        for scanned in try MboxReader.scan(locked.file).entries {
            var entry = FolderEntry(key: scanned.key,
                                    location: FolderMessageLocation(.mboxEntry(fromLine: scanned.fromLine, content: scanned.content)),
                                    flags: MessageFlags(), internalDate: 0, size: 0)
            if !isKnown(scanned.key) {
                entry.size = try Self.countBytes(locked.file, range: scanned.content)
                let line = try locked.file.read(count: Int(scanned.content.lowerBound - scanned.fromLine), at: scanned.fromLine)
                entry.internalDate = MboxFromLine.time(of: line) ?? fileTime
            }
            entries.append(entry)
        }
        return entries
    }

    // MARK: - Reading

    /// The message with `key` as IMAP sends it: CRLF line ends, mboxrd quoting undone. It is looked for
    /// at `location` first, then (another program moved, renamed or rewrote it) by its key.
    /// - Throws: ``MailStoreError/Code/messageNotFound`` when it is gone.
    public func read(_ key: String, at location: FolderMessageLocation?) throws(MailStoreError) -> [UInt8] {
        var position = MessageReadPosition(format: mailbox.format)
        return try read(key, at: location, continuing: &position, storedBytes: .max)
    }

    /// The next part of the message with `key`, as ``read(_:at:)`` gives all of it: the next
    /// `storedBytes` bytes as stored at most (so at most about twice that once line ends are CRLF), from
    /// where `position` says, which then moves on. Call it again with the same position until
    /// ``MessageReadPosition/isAtEnd``. Nothing stays open or locked between calls, so a message of any
    /// size is read with memory bounded by `storedBytes`; each call finds the message again (a Maildir
    /// file moved by a reader, an mbox rewritten by mail(1)) and works as the mailbox's owner.
    /// - Throws: ``MailStoreError/Code/messageNotFound`` when it is gone.
    public func read(_ key: String, at location: FolderMessageLocation?, continuing position: inout MessageReadPosition,
                     storedBytes: Int) throws(MailStoreError) -> [UInt8] {
        precondition(storedBytes > 0, "a piece holds at least one byte")
        return try run { (access) throws(MailStoreError) -> [UInt8] in
            try read(key, at: location, continuing: &position, storedBytes: storedBytes, access: access)
        }
    }

    /// ``read(_:at:)`` of several messages with one look at the path to the mailbox (FETCH of many
    /// messages): one result per message, in order, a message that is gone failing alone.
    public func read(_ messages: [(key: String, location: FolderMessageLocation?)])
        throws(MailStoreError) -> [Result<[UInt8], MailStoreError>]
    {
        try run { (access) throws(MailStoreError) -> [Result<[UInt8], MailStoreError>] in
            messages.map { message in
                var position = MessageReadPosition(format: mailbox.format)
                return Result { () throws(MailStoreError) -> [UInt8] in
                    try read(message.key, at: message.location, continuing: &position, storedBytes: .max, access: access)
                }
            }
        }
    }

    /// Reads the messages one after the other with one look at the path to the mailbox, and hands each
    /// to `body` with its position in `messages`, or the error that message alone failed with (a message
    /// that is gone). Maildir files come as stored, bare LFs and all, for a reader that counts each as
    /// CRLF itself (a parser), each read into the same buffer (from ``ReadBufferPool``), so a first FETCH
    /// parsing a whole mailbox holds one message at a time and maps no fresh memory per message or per
    /// batch; mbox entries come decoded, as their mboxrd quoting must be undone. The bytes are only
    /// valid during the call.
    public func readAsStored(_ messages: [(key: String, location: FolderMessageLocation?)],
                             _ body: (Int, Result<UnsafeRawBufferPointer, MailStoreError>) -> Void) throws(MailStoreError) {
        try run { (access) throws(MailStoreError) in
            ReadBufferPool.shared.withBuffer { buffer in readAsStored(messages, through: &buffer, access: access, body) }
        }
    }

    private func readAsStored(_ messages: [(key: String, location: FolderMessageLocation?)], through buffer: inout ReadBuffer,
                              access: MailboxAccess, _ body: (Int, Result<UnsafeRawBufferPointer, MailStoreError>) -> Void) {
        for (index, message) in messages.enumerated() {
            do throws(MailStoreError) {
                guard mailbox.format == .maildir else {
                    var position = MessageReadPosition(format: mailbox.format)
                    try read(message.key, at: message.location, continuing: &position, storedBytes: .max, access: access)
                        .withUnsafeBytes { body(index, .success($0)) }
                    continue
                }
                let read = { (file: SystemFile, size: Int64) in
                    let bytes = buffer.bytes(count: Int(size))
                    let count = try file.read(into: bytes, at: 0)
                    body(index, .success(UnsafeRawBufferPointer(rebasing: bytes[..<count])))
                }
                do {
                    try withMaildirFile(message.key, hint: message.location, access: access, read)
                } catch {
                    throw Self.storeError(error, path: mailbox.path)
                }
            } catch {
                body(index, .failure(error))
            }
        }
    }

    private func read(_ key: String, at location: FolderMessageLocation?, continuing position: inout MessageReadPosition,
                      storedBytes: Int, access: MailboxAccess) throws(MailStoreError) -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            switch mailbox.format {
            case .maildir:
                let advance = { (file: SystemFile, size: Int64) in
                    try position.advance(file, range: 0..<size, storedBytes: storedBytes, appendingTo: &bytes)
                }
                try withMaildirFile(key, hint: location, access: access, advance)
            case .mbox:
                let locked = try LockedMbox.acquire(mailbox.path, configuration: configuration, access: access)
                defer { locked.release() }
                let range = try mboxRange(key, hint: location, in: locked.file)
                try position.advance(locked.file, range: range, storedBytes: storedBytes, appendingTo: &bytes)
            }
        } catch {
            throw Self.storeError(error, path: mailbox.path)
        }
        return bytes
    }

    /// ``MaildirReader/withFile(_:access:_:)`` on the file of the message with `key`: where `hint` says,
    /// else (a reader moved or renamed it meanwhile) where a listing finds it.
    private func withMaildirFile(_ key: String, hint: FolderMessageLocation?, access: MailboxAccess,
                                 _ body: (SystemFile, Int64) throws -> Void) throws {
        do {
            try MaildirReader.withFile(try maildirPath(key, hint: hint, access: access), access: access, body)
        } catch let error as MailStoreError where error.errorNumber == ENOENT {
            try MaildirReader.withFile(try maildirPath(key, hint: nil, access: access), access: access, body)
        }
    }

    /// The path of the Maildir file with `key`: `hint`'s when it names one, else found by listing.
    func maildirPath(_ key: String, hint: FolderMessageLocation?, access: MailboxAccess) throws(MailStoreError) -> String {
        if case .maildirFile(let path)? = hint?.storage { return path }
        guard let path = try MaildirReader.locate(key: key, in: mailbox.path, access: access) else {
            throw MailStoreError(.messageNotFound, path: mailbox.path, reason: "the message was deleted")
        }
        return path
    }

    /// The content range of the mbox entry with `key` in the locked `file`.
    private func mboxRange(_ key: String, hint: FolderMessageLocation?, in file: SystemFile) throws(MailStoreError) -> Range<Int64> {
        if case .mboxEntry(let fromLine, let content)? = hint?.storage,
           try MboxReader.entry(key: key, fromLine: fromLine, content: content, isStillIn: file) {
            return content
        }
        guard let entry = try MboxReader.scan(file).entries.first(where: { $0.key == key }) else {
            throw MailStoreError(.messageNotFound, path: mailbox.path, reason: "the message was deleted")
        }
        return entry.content
    }

    static func countBytes(_ file: SystemFile, range: Range<Int64>) throws(MailStoreError) -> Int64 {
        do {
            return try countDecodedBytes(file, range: range, unquotesMboxrd: true)
        } catch {
            throw storeError(error, path: file.path)
        }
    }

    static func storeError(_ error: any Error, path: String) -> MailStoreError {
        error as? MailStoreError ?? MailStoreError(.systemError, path: path, reason: "\(error)")
    }
}

/// What a folder's listing depends on (``FolderFiles/stamp()``).
public struct FolderStamp: Hashable, Sendable {
    let fields: [Int64]
    /// The newest modification time in it, seconds since the epoch. File times move in clock ticks: a
    /// change made in the same tick as the one stamped leaves the stamp as it was, so a stamp whose
    /// newest time is not at least a second older than the listing it goes with is not to be trusted
    /// (Dovecot's maildir "dirty" check does the same). Any later change sets the modification time to
    /// the clock's, which is then not the old time.
    public let newest: Int64
}

/// Where a listed message was (a Maildir file, an mbox entry's byte range): a hint, checked when used.
public struct FolderMessageLocation: Hashable, Sendable {
    let storage: Storage

    enum Storage: Hashable {
        /// The file's path (in `new/` or `cur/`; a reader may since have moved it).
        case maildirFile(String)
        /// The byte range of the entry: its `From ` line starts at `fromLine`, the message itself is
        /// `content` (without the blank separator line).
        case mboxEntry(fromLine: Int64, content: Range<Int64>)
    }

    init(_ storage: Storage) {
        self.storage = storage
    }
}

/// One message of a folder's listing (``FolderFiles/list(isKnown:)``).
public struct FolderEntry: Hashable, Sendable {
    /// The key the index names it by.
    public var key: String
    public var location: FolderMessageLocation
    /// Maildir: the flags of the name's `:2,` info; mbox: none.
    public var flags: MessageFlags
    /// INTERNALDATE: the Maildir file's mtime, the mbox `From ` line's date.
    public var internalDate: Int64
    /// RFC822.SIZE.
    public var size: Int64

    /// The entry as the index takes it.
    public var stored: StoredEntry {
        StoredEntry(key: key, flags: flags, internalDate: internalDate, size: size)
    }
}
