import MailCore

/// Where each IMAP folder of an account lives on disk, laid out as Dovecot lays it out, so an existing
/// Dovecot mail directory and mailroom's are the same folders:
///
/// - Maildir++ (`maildir:~/Maildir`, Dovecot's `LAYOUT=maildir++`): INBOX is the root Maildir; folder
///   `a/b` is the Maildir `ROOT/.a.b`. Names are stored in modified UTF-7 (RFC 3501 §5.1.3), as Dovecot
///   stores them, so `Entwürfe` is `.Entw&APw-rfe`. A `.` inside a level cannot be stored (it is the
///   separator on disk) and is refused, as Dovecot refuses it.
/// - mbox (`mbox:~/mail:INBOX=/var/mail/%u`, `LAYOUT=fs`): INBOX is the INBOX file; folder `a/b` is the
///   file `ROOT/a/b`, each upper level a directory. INBOX, a file, has no folders below it.
///
/// Names are IMAP's, Unicode, with `/` between levels. A name that could leave the root or alias
/// another is refused (``MailStoreError/Code/invalidLocation``): an empty level, `.` or `..`, a level
/// starting with `.` (a hidden file, or a second Maildir++ separator), control characters, and
/// levels longer than a file name may be.
public struct FolderLayout: Sendable {
    /// The hierarchy separator IMAP clients see (RFC 9051 §6.3.9: LIST's delimiter).
    public static let separator: Character = "/"
    /// The longest file name most Linux file systems take (`NAME_MAX`).
    static let nameLimit = 255

    public let format: MailLocation.Format
    /// The folders' root directory (the INBOX Maildir for Maildir++).
    public let root: String
    /// The INBOX.
    public let inbox: MailboxLocation

    /// The layout of the account whose INBOX is `inbox`, with folders under `root`.
    public init(root: String, inbox: MailboxLocation) {
        self.format = inbox.format
        self.root = root
        self.inbox = inbox
    }

    /// The layout of one account under `location` (Dovecot's `mail_location`): the INBOX as
    /// ``MailboxLocation/init(inboxOf:name:address:home:owner:)`` finds it, the folders under the
    /// location's root (for Maildir++ the INBOX Maildir itself, unless `INBOX=` put it elsewhere).
    public init(of location: MailLocation, name: String, address: EmailAddress, home: String,
                owner: MailboxOwner? = nil) throws(MailStoreError) {
        let inbox = try MailboxLocation(inboxOf: location, name: name, address: address, home: home, owner: owner)
        let root = try MailLocationTemplate(name: name, address: address, home: home).expand(location.root)
        self.init(root: root, inbox: inbox)
    }

    /// The on-disk mailbox of the folder `name`.
    public func location(of name: String) throws(MailStoreError) -> MailboxLocation {
        if name.uppercased() == "INBOX" { return inbox }
        let levels = try Self.levels(of: name)
        switch format {
        case .maildir:
            let encoded = try levels.map { (level) throws(MailStoreError) -> String in
                let stored = ModifiedUTF7.encode(level)
                guard !stored.contains(".") else {
                    throw MailStoreError(.invalidLocation, path: name, reason: "a folder name cannot contain \".\" in a Maildir++ store")
                }
                return stored
            }
            let directory = "." + encoded.joined(separator: ".")
            guard directory.utf8.count <= Self.nameLimit else { throw Self.tooLong(name) }
            return MailboxLocation(format: .maildir, path: root + "/" + directory, owner: inbox.owner)
        case .mbox:
            guard levels[0].uppercased() != "INBOX" else {
                throw MailStoreError(.invalidLocation, path: name, reason: "INBOX is a file in an mbox store and has no folders below it")
            }
            return MailboxLocation(format: .mbox, path: root + "/" + levels.joined(separator: "/"), owner: inbox.owner)
        }
    }

    /// The folder a Maildir++ directory entry of the root is (`.a.b` → `a/b`); `nil` for an entry that is
    /// no folder (`cur`, `.`, `..`, a name that is not modified UTF-7, a level that would be refused).
    public func folderName(ofMaildirEntry entry: String) -> String? {
        guard format == .maildir, entry.hasPrefix("."), entry != ".", entry != ".." else { return nil }
        let levels = entry.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        var decoded: [String] = []
        for level in levels {
            guard let name = try? ModifiedUTF7.decode(Array(level.utf8)) else { return nil }
            decoded.append(name)
        }
        let name = decoded.joined(separator: String(Self.separator))
        guard (try? Self.levels(of: name)) != nil else { return nil }
        return name
    }

    /// The levels of a folder name, each checked.
    private static func levels(of name: String) throws(MailStoreError) -> [String] {
        let levels = name.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
        for level in levels {
            guard !level.isEmpty, !level.hasPrefix(".") else {
                throw MailStoreError(.invalidLocation, path: name, reason: "a folder level is empty or starts with \".\"")
            }
            guard !level.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                throw MailStoreError(.invalidLocation, path: name, reason: "a folder name cannot hold control characters")
            }
            guard level.utf8.count <= nameLimit else { throw tooLong(name) }
        }
        return levels
    }

    private static func tooLong(_ name: String) -> MailStoreError {
        MailStoreError(.invalidLocation, path: name, reason: "the folder name is longer than a file name may be")
    }
}
