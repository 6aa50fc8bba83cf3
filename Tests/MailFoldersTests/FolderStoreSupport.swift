import Foundation
import Glibc
import MailCore
import MailFolders
import MailIndex
import MailStore
import Synchronization

/// A fresh directory under /tmp, removed after `body`.
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    var template = Array("/tmp/mailfolders-test-XXXXXX".utf8CString)
    let path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

/// The system calls of the direct file system, counted: a test sees whether a call listed a folder.
final class CountingFileSystem: MailboxFileSystem {
    private let direct = DirectMailboxFileSystem()
    private let opened = Mutex<[String]>([])

    /// The paths opened since the last ``reset()``.
    var opens: [String] { opened.withLock { $0 } }

    func reset() {
        opened.withLock { $0 = [] }
    }

    var actsForOthers: Bool { false }

    func withIdentity<T, E: Error>(_ actor: FileSystemIdentity?, _ body: () throws(E) -> T) throws(MailStoreError) -> Result<T, E> {
        try direct.withIdentity(actor, body)
    }

    func checkPath(_ path: String, subdirectories: [String], owner: uid_t, as actor: FileSystemIdentity?) throws(MailStoreError) {
        try direct.checkPath(path, subdirectories: subdirectories, owner: owner, as: actor)
    }

    func open(_ path: String, flags: Int32, mode: mode_t, as actor: FileSystemIdentity?) -> Result<Int32, SystemErrorNumber> {
        opened.withLock { $0.append(path) }
        return direct.open(path, flags: flags, mode: mode, as: actor)
    }

    func makeDirectory(_ path: String, mode: mode_t, as actor: FileSystemIdentity?) -> Int32 {
        direct.makeDirectory(path, mode: mode, as: actor)
    }

    func rename(_ source: String, to target: String, as actor: FileSystemIdentity?) -> Int32 {
        direct.rename(source, to: target, as: actor)
    }

    func unlink(_ path: String, as actor: FileSystemIdentity?) -> Int32 {
        direct.unlink(path, as: actor)
    }

    func removeDirectory(_ path: String, as actor: FileSystemIdentity?) -> Int32 {
        direct.removeDirectory(path, as: actor)
    }

    func status(_ path: String, followingLinks: Bool, as actor: FileSystemIdentity?) -> Result<stat, SystemErrorNumber> {
        direct.status(path, followingLinks: followingLinks, as: actor)
    }

    func changeOwner(_ descriptor: Int32, uid: uid_t, gid: gid_t, as actor: FileSystemIdentity?) -> Int32 {
        direct.changeOwner(descriptor, uid: uid, gid: gid, as: actor)
    }
}

/// One account's mail under a temporary directory: Maildir++ at `DIR/Maildir`, or mbox folders under
/// `DIR/mail` with the INBOX at `DIR/spool/user` (`mbox:~/mail:INBOX=/var/mail/%u`).
struct TestAccount {
    let directory: String
    let format: MailLocation.Format
    let fileSystem = CountingFileSystem()

    var layout: FolderLayout {
        switch format {
        case .maildir:
            FolderLayout(root: directory + "/Maildir", inbox: MailboxLocation(format: .maildir, path: directory + "/Maildir"))
        case .mbox:
            FolderLayout(root: directory + "/mail", inbox: MailboxLocation(format: .mbox, path: directory + "/spool/user"))
        }
    }

    var configuration: MailboxDeliveryAgent.Configuration {
        MailboxDeliveryAgent.Configuration(hostName: "mx.example.test", lockTimeout: .seconds(60),
                                           lockRetryInterval: .milliseconds(5), fileSystem: fileSystem)
    }

    var indexPath: String { directory + "/index.sqlite" }

    /// A store over the account's index file (a new instance each time, as after a restart).
    func store() throws -> LocalFolderStore {
        LocalFolderStore(layout: layout, index: try SQLiteMailIndex(path: indexPath), configuration: configuration)
    }

    /// Delivers as the MTA does (into `new/`, or appended to the mbox); with `stores`, as mailroom's
    /// queue does, telling the account's open store (``AnnouncingMailboxDelivery``).
    func deliver(_ text: String, to folder: String = "INBOX", announcingTo stores: SharedFolderStores? = nil) throws {
        let agent = MailboxDeliveryAgent(configuration: configuration)
        let delivery: any MailboxDelivery = stores.map { AnnouncingMailboxDelivery(agent, hub: FolderChangeHub(), stores: $0) } ?? agent
        _ = try delivery.deliver(
            to: try layout.location(of: folder), envelopeSender: "sender@example.test", deliveryID: nil) { try $0.write(Array(text.utf8)) }
    }

    /// The Maildir file names of a folder's `cur/` and `new/`.
    func maildirNames(_ folder: String = "INBOX") throws -> [String] {
        let path = try layout.location(of: folder).path
        return ["cur", "new"].flatMap { sub in
            ((try? FileManager.default.contentsOfDirectory(atPath: "\(path)/\(sub)")) ?? []).map { "\(sub)/\($0)" }
        }.sorted()
    }

    /// Sets the times of the folder's directories or file ten seconds back, as they are for a folder
    /// nobody touched lately.
    func ageFolder(_ folder: String = "INBOX") throws {
        let path = try layout.location(of: folder).path
        var old = timeval(tv_sec: time(nil) - 10, tv_usec: 0)
        let times = [old, old]
        old.tv_usec = 0
        for target in format == .maildir ? [path + "/new", path + "/cur"] : [path] {
            _ = utimes(target, times)
        }
    }
}

let formats: [MailLocation.Format] = [.maildir, .mbox]

func message(_ subject: String, body: String = "Hello.") -> String {
    "From: a@example.test\r\nTo: b@example.test\r\nSubject: \(subject)\r\n\r\n\(body)\r\n"
}

func flags(_ system: MessageFlags.System, _ keywords: Set<String> = []) -> MessageFlags {
    MessageFlags(system: system, keywords: keywords)
}
