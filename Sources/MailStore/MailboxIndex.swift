import MailCore
import Glibc

/// mailroom's own per-mailbox index: the UIDVALIDITY and the UID of every message (RFC 9051 §2.3.1.1),
/// from which POP3's UIDL is derived too (RFC 1939 §7), so both protocols name a message the same way.
///
/// The index is a small text file beside the mailbox, as Dovecot keeps `dovecot-uidlist`:
/// - Maildir: `ROOT/mailroom.index` (a `.Name` folder is a Maildir of its own, so its index sits in it);
/// - mbox: `PATH.mailroom-index` next to the mbox file (the directory mail readers already create
///   their `PATH.lock` in).
///
/// A message is known by a key that survives what other programs do to it: a Maildir base name (moves
/// from `new/` to `cur/` and flag changes keep it), an mbox content digest (rewrites by mail(1) keep it).
/// UIDs are handed out in arrival order, strictly ascending, and never again: the next UID is stored.
/// Updates happen under an OFD lock on `INDEX.lock` and are written atomically (tmp, fsync, rename,
/// fsync of the directory), so two sessions cannot give one message two UIDs. A missing or unreadable
/// index is rebuilt from the messages with a new UIDVALIDITY (the time in seconds, as Dovecot does).
///
/// ## Format
/// ```
/// mailroom-index 1 UIDVALIDITY NEXTUID
/// UID KEY
/// ```
/// one message per line, in UID order; bytes of a key outside `!`...`~` and `%` are written `%XX`.
public struct MailboxIndex: Sendable {
    /// The index file.
    public let path: String
    /// The identity and calls the index is read and written with: those of its mailbox.
    let access: MailboxAccess

    /// How long an update waits for another session's index lock.
    static let lockTimeout: Duration = .seconds(10)
    private static let magic = "mailroom-index"

    /// The index of `mailbox`, worked on through `fileSystem` as the mailbox's actor.
    public init(for mailbox: MailboxLocation, fileSystem: any MailboxFileSystem = DirectMailboxFileSystem()) {
        self.init(access: MailboxAccess(for: mailbox, fileSystem: fileSystem))
    }

    /// The index of the mailbox of `access`.
    init(access: MailboxAccess) {
        self.access = access
        let mailbox = access.mailbox
        switch mailbox.format {
        case .maildir: path = mailbox.path + "/mailroom.index"
        case .mbox: path = mailbox.path + ".mailroom-index"
        }
    }

    /// The UIDs of one mailbox's messages.
    public struct Assignment: Sendable, Equatable {
        /// RFC 9051 §2.3.1.1; never 0.
        public var uidValidity: UInt32
        /// The UID of each key given to ``MailboxIndex/synchronize(keys:)``, in the same order.
        public var uids: [UInt32]
    }

    /// Gives every message a UID: a key already in the index keeps its UID, a new key gets the next one
    /// (in the order listed, which is arrival order), and keys no longer listed are forgotten (their UIDs
    /// are not reused). Writes the index when anything changed.
    ///
    /// `listing` lists the mailbox (every message's key, in arrival order) and runs while the index lock
    /// is held, so a session with an older listing cannot make the index forget a message another session
    /// just numbered.
    public func synchronize(listing: () throws(MailStoreError) -> [String]) throws(MailStoreError) -> Assignment {
        try withLock { () throws(MailStoreError) -> Assignment in
            try synchronizeLocked(keys: listing())
        }
    }

    /// ``synchronize(listing:)`` with a listing already taken.
    public func synchronize(keys: [String]) throws(MailStoreError) -> Assignment {
        try synchronize { keys }
    }

    /// Forgets `keys` (expunged messages); their UIDs are never given out again. `renaming` moves the
    /// UIDs of messages whose key changed because of the removal (an mbox duplicate's counter).
    public func remove(keys: Set<String>, renaming: [String: String] = [:]) throws(MailStoreError) {
        try withLock { () throws(MailStoreError) in
            try removeLocked(keys: keys, renaming: renaming)
        }
    }

    /// What the index file holds, read as the mailbox's owner without changing it: the UIDVALIDITY, the
    /// next UID and each message's UID and key in UID order; `nil` when there is no readable index
    /// (the folder store imports it once, so POP3's UIDLs survive the move to the account index).
    public func stored() throws(MailStoreError) -> (uidValidity: UInt32, nextUID: UInt32, messages: [(uid: UInt32, key: String)])? {
        try access.run { () -> (uidValidity: UInt32, nextUID: UInt32, messages: [(uid: UInt32, key: String)])? in
            load().map { ($0.uidValidity, $0.nextUID, $0.entries.map { ($0.uid, $0.key) }) }
        }.get()
    }

    func synchronizeLocked(keys: [String]) throws(MailStoreError) -> Assignment {
        var contents = load() ?? Contents(uidValidity: newUIDValidity(), nextUID: 1, entries: [])
        let known = Dictionary(contents.entries.map { ($0.key, $0.uid) }, uniquingKeysWith: { first, _ in first })
        var changed = false
        var uids: [UInt32] = []
        uids.reserveCapacity(keys.count)
        var present: [String: UInt32] = [:]
        for key in keys {
            let uid: UInt32
            if let existing = present[key] ?? known[key] {
                uid = existing
            } else {
                uid = contents.nextUID
                contents.nextUID += 1
                changed = true
            }
            uids.append(uid)
            present[key] = uid
        }
        let entries = present.map { Entry(uid: $0.value, key: $0.key) }.sorted { $0.uid < $1.uid }
        if changed || entries != contents.entries || !exists() {
            contents.entries = entries
            try store(contents)
        }
        return Assignment(uidValidity: contents.uidValidity, uids: uids)
    }

    func removeLocked(keys: Set<String>, renaming: [String: String]) throws(MailStoreError) {
        guard var contents = load() else { return }
        let old = contents.entries
        contents.entries.removeAll { keys.contains($0.key) }
        for index in contents.entries.indices {
            if let renamed = renaming[contents.entries[index].key] {
                contents.entries[index].key = renamed
            }
        }
        if contents.entries != old {
            try store(contents)
        }
    }

    // MARK: - Storage

    struct Entry: Equatable {
        var uid: UInt32
        var key: String
    }

    struct Contents {
        var uidValidity: UInt32
        var nextUID: UInt32
        var entries: [Entry]
    }

    /// The time in seconds; above the UIDVALIDITY of a damaged index when its header can still be read,
    /// so a rebuild in the same second still tells clients that UIDs changed (RFC 9051 §2.3.1.1).
    private func newUIDValidity() -> UInt32 {
        let now = UInt32(truncatingIfNeeded: max(1, time(nil)))
        guard let file = try? access.open(path, flags: O_RDONLY | O_NOFOLLOW | O_NONBLOCK),
              let head = try? file.read(count: 64, at: 0)
        else { return now }
        file.closeQuietly()
        let fields = head.prefix { $0 != UInt8(ascii: "\n") }.split(separator: UInt8(ascii: " "))
        guard fields.count >= 3, let old = UInt32(String(decoding: fields[2], as: UTF8.self)), old < UInt32.max else { return now }
        return max(now, old + 1)
    }

    private func exists() -> Bool {
        if case .success = access.status(path) { return true }
        return false
    }

    /// The index as stored, `nil` when it is missing or cannot be parsed (it is then rebuilt).
    func load() -> Contents? {
        guard let file = try? access.open(path, flags: O_RDONLY | O_NOFOLLOW | O_NONBLOCK) else { return nil }
        defer { file.closeQuietly() }
        var data: [UInt8] = []
        while true {
            guard let chunk = try? file.read(count: 65536, at: Int64(data.count)) else { return nil }
            data += chunk
            if chunk.count < 65536 { break }
        }
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard lines.last?.isEmpty == true else { return nil }
        let header = lines[0].split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
        guard header.count == 4, header[0] == Self.magic, header[1] == "1",
              let uidValidity = UInt32(header[2]), uidValidity > 0,
              let nextUID = UInt32(header[3]), nextUID > 0
        else { return nil }
        var entries: [Entry] = []
        var lastUID: UInt32 = 0
        for line in lines.dropFirst().dropLast() {
            let fields = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
            guard fields.count == 2, let uid = UInt32(String(decoding: fields[0], as: UTF8.self)),
                  uid > lastUID, uid < nextUID, let key = Self.unescape(fields[1])
            else { return nil }
            lastUID = uid
            entries.append(Entry(uid: uid, key: key))
        }
        return Contents(uidValidity: uidValidity, nextUID: nextUID, entries: entries)
    }

    private func store(_ contents: Contents) throws(MailStoreError) {
        var text = "\(Self.magic) 1 \(contents.uidValidity) \(contents.nextUID)\n"
        for entry in contents.entries {
            text += "\(entry.uid) \(Self.escape(entry.key))\n"
        }
        let directory = parentDirectory(of: path)
        try access.makeDirectories(directory)
        let temporary = path + ".tmp"
        // A new file, never one found there: a hard link planted at this name must not be truncated.
        access.unlink(temporary)
        let file = try access.open(temporary, flags: O_WRONLY | O_CREAT | O_EXCL, mode: 0o600)
        do throws(MailStoreError) {
            try file.write(bytes: Array(text.utf8))
            try file.sync()
            try file.close()
        } catch {
            file.closeQuietly()
            access.unlink(temporary)
            throw error
        }
        let renamed = access.rename(temporary, to: path)
        guard renamed == 0 else {
            access.unlink(temporary)
            throw MailStoreError.system(renamed, "cannot replace the index", path: path)
        }
        try access.syncDirectory(directory)
    }

    /// Runs `body` holding the OFD lock on `INDEX.lock`, waiting for other sessions (boundedly). Lock
    /// order: the index lock first, then an mbox's dot-lock and fcntl lock, never the other way round.
    func withLock<T>(_ body: () throws(MailStoreError) -> T) throws(MailStoreError) -> T {
        try access.makeDirectories(parentDirectory(of: path))
        let lock = try access.open(path + ".lock", flags: O_RDWR | O_CREAT | O_NOFOLLOW, mode: 0o600)
        defer { lock.closeQuietly() }
        let clock = ContinuousClock()
        let deadline = clock.now + Self.lockTimeout
        while try !RecordLock.tryLock(lock) {
            guard clock.now < deadline else {
                throw MailStoreError(.mailboxLocked, path: path, reason: "index lock still held after \(Self.lockTimeout)")
            }
            pause(for: .milliseconds(2))
        }
        return try body()
    }

    static func escape(_ key: String) -> String {
        var result = ""
        for byte in key.utf8 {
            if byte > 0x20, byte < 0x7F, byte != UInt8(ascii: "%") {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }

    static func unescape(_ field: some Collection<UInt8>) -> String? {
        var bytes: [UInt8] = []
        var iterator = field.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next(), let low = iterator.next(),
                  let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { return nil }
            bytes.append(value)
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }
}
