import Glibc
import MailCore
import MailIndex
import MailStore
import Synchronization

/// ``FolderStore`` over the local disk: an account's Maildir++ or mbox folders (``FolderLayout``)
/// joined with its ``MailIndex``, which is the authority for UIDs, flags and MODSEQ (RFC 9051 §2.3,
/// RFC 7162). One instance per account, shared by all its IMAP and POP3 sessions.
///
/// ## Theory of operation
/// - A folder is brought in line with the disk (``refresh(_:in:force:)``) by listing it and handing
///   the listing to ``MailIndex/synchronize(_:with:)``: new files get the next UIDs, vanished ones are
///   expunged. The stamp of the listing (``FolderStamp``: directory or file times and sizes) is kept
///   per folder; while the disk shows the same stamp, and the stamp is older than a clock tick, no
///   listing is made, so ``changes(in:since:)`` before every command costs a `stat` or two.
/// - A folder the index has never seen is imported from its old `mailroom.index` when there is one,
///   keeping UIDVALIDITY and UIDs, so POP3's UIDLs survive the upgrade (RFC 1939 §7).
/// - Maildir flags: a file's `:2,` info gives the flags of a message the index has not seen; after
///   that STORE renames the file to match the index, as mutt and Dovecot do. A message stays in
///   `new/` until its flags change: ``open(_:)`` also serves EXAMINE, STATUS and POP3, which must not
///   take a message's "new" state away from other readers (Dovecot moves on SELECT only).
/// - Every call runs under one lock per account: listings, appends and index updates of different
///   sessions cannot interleave (a listing made between an APPEND's file and its index row would give
///   the message a second UID). Reading a message's bytes takes the lock only to find its file.
public final class LocalFolderStore: FolderStore {
    public let layout: FolderLayout
    public let index: any MailIndex
    let configuration: MailboxDeliveryAgent.Configuration
    let tree: FolderTree
    private let state = ParkingMutex(AccountState())
    /// Changes made elsewhere that the store was told of (``noteChangeElsewhere(in:)``).
    private let notedElsewhere = Atomic<UInt64>(0)

    struct AccountState: Sendable {
        var folders: [String: FolderState] = [:]
        /// Whether this instance checked that the account has its folders (``createAccount(_:)``).
        var isReady = false
    }

    /// What the store remembers of a folder's last listing.
    struct FolderState: Sendable {
        var stamp: FolderStamp
        /// False while the stamp is too recent to prove that nothing changed since (``FolderStamp/newest``).
        var trusted: Bool
        /// Where each message was, by key: a hint that saves a directory listing per FETCH.
        var locations: [String: FolderMessageLocation]
        /// An untrusted stamp (taken after the store's own change, or by a listing in the same clock
        /// tick as the folder's last change) stands without a new listing until this second has
        /// passed; then one listing follows, which catches a change another program made in the same
        /// tick. So a busy folder is listed about once a second, not once per command.
        var standsUntil: Int64?
        /// What the last SELECT read, kept while the folder's head is unchanged: the sessions on the
        /// folder share its UIDs (one array, copied only by a session that changes its own).
        var selection: FolderSelection?
    }

    /// The store of the account whose folders are laid out as `layout`, with `index` (the account's
    /// own, see ``indexPath(dataDirectory:account:)``) and the file system calls and lock waits of
    /// `configuration`.
    public init(layout: FolderLayout, index: any MailIndex, configuration: MailboxDeliveryAgent.Configuration = .init()) {
        self.layout = layout
        self.index = index
        self.configuration = configuration
        self.tree = FolderTree(layout: layout, configuration: configuration)
    }

    /// Runs `body` under the account's lock. The first call of an instance makes a new account's
    /// folders (an index without folders), whatever the call, so a POP3 login first does not leave an
    /// account without the special-use folders.
    func locked<T: Sendable>(_ body: (inout [String: FolderState]) throws(FolderStoreError) -> T) throws(FolderStoreError) -> T {
        try state.withLock { (account) throws(FolderStoreError) -> T in
            if !account.isReady {
                if try mapped({ () throws(IndexError) in try index.folders() }).isEmpty {
                    try createAccount(&account.folders)
                }
                account.isReady = true
            }
            return try body(&account.folders)
        }
    }

    // MARK: - Folders on disk

    /// The files of folder `name`.
    func files(_ name: String) throws(FolderStoreError) -> FolderFiles {
        if layout.format == .mbox, FolderTree.mboxHelperSuffixes.contains(where: { name.hasSuffix($0) }) {
            throw FolderStoreError(.invalidName, "an mbox folder name cannot end in a lock or index file's suffix")
        }
        return FolderFiles(mailbox: try mapped { () throws(MailStoreError) in try layout.location(of: name) }, configuration: configuration)
    }

    /// Whether the index knows the folder, or its messages are on disk.
    public func exists(_ name: String) throws(FolderStoreError) -> Bool {
        if try mapped({ () throws(IndexError) in try index.head(of: name) }) != nil { return true }
        let files = try files(name)
        return try mapped { () throws(MailStoreError) in try files.exists() }
    }

    /// Lists folder `name` again when its stamp moved (or always with `force`) and synchronises the
    /// index with it; returns the snapshot when it listed, `nil` when nothing changed. A folder the
    /// index does not have is made there (imported from its `mailroom.index` when there is one).
    /// - Throws: ``FolderStoreError/Code/nonexistent`` when neither the index nor the disk has it.
    @discardableResult
    func refresh(_ name: String, in states: inout [String: FolderState], force: Bool = false) throws(FolderStoreError) -> FolderSnapshot? {
        let name = canonicalFolderName(name)
        let files = try files(name)
        let indexed = try mapped { () throws(IndexError) in try index.head(of: name) } != nil
        if !indexed, name != "INBOX", try !mapped({ () throws(MailStoreError) in try files.exists() }) {
            throw FolderStoreError(.nonexistent, "no folder \(name)")
        }
        let started = Self.now()
        let stamp = try mapped { () throws(MailStoreError) in try files.stamp() }
        if !force, indexed, let known = states[name], known.stamp == stamp,
           known.trusted || known.standsUntil.map({ started <= $0 }) == true {
            return nil
        }
        let knownKeys = indexed ? Set(try mapped { () throws(IndexError) in try index.messages(in: name, changedSince: 0) }.map(\.key)) : []
        let listing = try mapped { () throws(MailStoreError) in try files.list(isKnown: knownKeys.contains) }
        if !indexed {
            try importOldIndex(name, files: files, listing: listing)
        }
        let snapshot = try mapped { () throws(IndexError) in try index.synchronize(name, with: listing.map(\.stored)) }
        let trusted = stamp.newest + 1 < started
        states[name] = FolderState(stamp: stamp, trusted: trusted,
                                   locations: Dictionary(listing.map { ($0.key, $0.location) }) { first, _ in first },
                                   standsUntil: trusted ? nil : started + 1)
        return snapshot
    }

    public func noteChangeElsewhere(in folder: String) {
        let name = canonicalFolderName(folder)
        // Waits for a change of this store in progress: its stamp may already hold the delivery.
        state.withLock { account in
            account.folders[name]?.trusted = false
            account.folders[name]?.standsUntil = nil
        }
        notedElsewhere.add(1, ordering: .releasing)
    }

    public var changeGeneration: UInt64 {
        index.generation &+ notedElsewhere.load(ordering: .acquiring)
    }

    /// After the store's own change to folder `name`: its new stamp is taken as seen, so a burst of
    /// STOREs or APPENDs does not list the folder again after each one (see
    /// ``FolderState/standsUntil``).
    func noteOwnChange(_ name: String, files: FolderFiles, states: inout [String: FolderState]) {
        noteOwnChange(name, stamp: try? files.stamp(), states: &states)
    }

    /// ``noteOwnChange(_:files:states:)`` with the stamp the change itself took (`nil`: none).
    func noteOwnChange(_ name: String, stamp: FolderStamp?, states: inout [String: FolderState]) {
        guard var state = states[name], let stamp else { return }
        state.stamp = stamp
        state.trusted = false
        state.standsUntil = Self.now() + 1
        states[name] = state
    }

    /// Makes folder `name` in the index with the UIDVALIDITY and UIDs of its old `mailroom.index`
    /// (messages still listed only); without one, nothing is done and synchronising makes the folder.
    private func importOldIndex(_ name: String, files: FolderFiles, listing: [FolderEntry]) throws(FolderStoreError) {
        let old = MailboxIndex(for: files.mailbox, fileSystem: configuration.fileSystem)
        guard let stored = try? old.stored() else { return }
        let byKey = Dictionary(listing.map { ($0.key, $0) }) { first, _ in first }
        let messages = stored.messages.compactMap { message in byKey[message.key].map { (uid: message.uid, entry: $0.stored) } }
        _ = try mapped { () throws(IndexError) in
            try index.importFolder(name, uidValidity: stored.uidValidity, uidNext: stored.nextUID, messages: messages)
        }
    }

    /// The wall clock in seconds, the clock file times are taken from.
    static func now() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec)
    }

    /// Forgets what was remembered of `name` and the folders below it.
    static func forget(_ name: String, in states: inout [String: FolderState]) {
        let name = canonicalFolderName(name)
        for key in states.keys where key == name || key.hasPrefix(name + "/") {
            states[key] = nil
        }
    }
}
