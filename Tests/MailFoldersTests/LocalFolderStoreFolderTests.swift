import Foundation
import MailCore
import MailFolders
import MailIndex
import MailStore
import Testing

@Suite("LocalFolderStore folders (RFC 9051 §6.3, RFC 6154)")
struct LocalFolderStoreFolderTests {
    @Test("A new account gets INBOX and the special-use folders, on disk and subscribed", arguments: formats)
    func newAccount(format: MailLocation.Format) throws {
        try withTemporaryDirectory { directory in
            let account = TestAccount(directory: directory, format: format)
            let folders = try account.store().folders()
            #expect(folders.map(\.name) == ["INBOX", "Archive", "Drafts", "Junk", "Sent", "Trash"])
            #expect(folders.first { $0.name == "Sent" }?.specialUse == "\\Sent")
            #expect(folders.allSatisfy { $0.subscribed && $0.selectable })
            switch format {
            case .maildir:
                #expect(FileManager.default.fileExists(atPath: directory + "/Maildir/.Sent/maildirfolder"))
                #expect(FileManager.default.fileExists(atPath: directory + "/Maildir/.Drafts/cur"))
            case .mbox:
                #expect(FileManager.default.fileExists(atPath: directory + "/mail/Sent"))
            }
        }
    }

    @Test("RFC 9051 §6.3.4 CREATE with levels, §6.3.6 RENAME keeps UIDVALIDITY and messages, §6.3.5 DELETE", arguments: formats)
    func createRenameDelete(format: MailLocation.Format) throws {
        try withTemporaryDirectory { directory in
            let account = TestAccount(directory: directory, format: format)
            let store = try account.store()
            _ = try store.folders()
            try store.createFolder("Work/Projects", specialUse: nil)
            var folders = try store.folders()
            #expect(folders.contains(FolderInfo(name: "Work/Projects")))
            #expect(folders.contains(FolderInfo(name: "Work", selectable: false)))
            #expect(throws: FolderStoreError.Code.alreadyExists) { try catchCode { try store.createFolder("Work/Projects", specialUse: nil) } }
            #expect(throws: FolderStoreError.Code.alreadyExists) { try catchCode { try store.createFolder("inbox", specialUse: nil) } }

            let appended = try store.append(Array(message("one").utf8), flags: flags(.seen), internalDate: 1_700_000_000, to: "Work/Projects")
            try store.renameFolder("Work/Projects", to: "Done")
            let renamed = try store.open("Done")
            #expect(renamed.status.uidValidity == appended.uidValidity)
            #expect(renamed.messages.map(\.uid) == [appended.message.uid])
            #expect(renamed.messages.first?.flags == flags(.seen))
            folders = try store.folders()
            #expect(!folders.contains { $0.name == "Work/Projects" })
            #expect(throws: FolderStoreError.Code.nonexistent) { try catchCode { _ = try store.open("Work/Projects") } }

            try store.deleteFolder("Done")
            #expect(!(try store.folders()).contains { $0.name == "Done" })
            #expect(throws: FolderStoreError.Code.nonexistent) { try catchCode { try store.deleteFolder("Done") } }
            #expect(throws: FolderStoreError.Code.notAllowed) { try catchCode { try store.deleteFolder("INBOX") } }
        }
    }

    @Test("RFC 9051 §6.3.5 DELETE of a Maildir++ folder with folders below keeps the name, \\Noselect")
    func deleteWithChildren() throws {
        try withTemporaryDirectory { directory in
            let account = TestAccount(directory: directory, format: .maildir)
            let store = try account.store()
            try store.createFolder("Lists", specialUse: nil)
            try store.createFolder("Lists/Swift", specialUse: nil)
            _ = try store.append(Array(message("a").utf8), flags: MessageFlags(), internalDate: nil, to: "Lists")
            try store.deleteFolder("Lists")
            let folders = try store.folders()
            #expect(folders.contains(FolderInfo(name: "Lists", selectable: false)))
            #expect(folders.contains(FolderInfo(name: "Lists/Swift")))
            #expect(!FileManager.default.fileExists(atPath: directory + "/Maildir/.Lists"))
            // Nothing half-deleted is left where Maildir++ readers look.
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/Maildir").filter { $0.hasPrefix("..") }.isEmpty)
        }
    }

    @Test("RFC 9051 §6.3.6 RENAME INBOX moves its messages to the new folder and leaves INBOX empty", arguments: formats)
    func renameInbox(format: MailLocation.Format) throws {
        try withTemporaryDirectory { directory in
            let account = TestAccount(directory: directory, format: format)
            try account.deliver(message("one"))
            try account.deliver(message("two"))
            let store = try account.store()
            let inbox = try store.open("INBOX")
            #expect(inbox.messages.count == 2)
            try store.renameFolder("INBOX", to: "Old")
            #expect(try store.open("INBOX").messages.isEmpty)
            let old = try store.open("Old")
            #expect(old.messages.count == 2)
            #expect(try old.messages.map { String(decoding: try store.content(of: $0, in: "Old"), as: UTF8.self) } == [message("one"), message("two")])
            // INBOX's UIDs are not given out again.
            let next = try store.append(Array(message("three").utf8), flags: MessageFlags(), internalDate: nil, to: "INBOX")
            #expect(next.message.uid > inbox.messages.map(\.uid).max()!)
        }
    }

    @Test("RFC 9051 §6.3.7 SUBSCRIBE and §6.3.8 UNSUBSCRIBE")
    func subscribe() throws {
        try withTemporaryDirectory { directory in
            let store = try TestAccount(directory: directory, format: .maildir).store()
            try store.createFolder("Lists", specialUse: nil)
            #expect(try store.folders().first { $0.name == "Lists" }?.subscribed == false)
            try store.setSubscribed(true, folder: "Lists")
            #expect(try store.folders().first { $0.name == "Lists" }?.subscribed == true)
            try store.setSubscribed(false, folder: "Sent")
            #expect(try store.folders().first { $0.name == "Sent" }?.subscribed == false)
        }
    }

    @Test("A Maildir++ folder made by another tool appears; one removed by another tool disappears")
    func reconcilesWithDisk() throws {
        try withTemporaryDirectory { directory in
            let account = TestAccount(directory: directory, format: .maildir)
            let store = try account.store()
            _ = try store.folders()
            for sub in ["cur", "new", "tmp"] {
                try FileManager.default.createDirectory(atPath: directory + "/Maildir/.Entw&APw-rfe/" + sub, withIntermediateDirectories: true)
            }
            try FileManager.default.removeItem(atPath: directory + "/Maildir/.Junk")
            let names = try store.folders().map(\.name)
            #expect(names.contains("Entwürfe"))
            #expect(!names.contains("Junk"))
        }
    }

    @Test("Hostile folder names are refused (RFC 9051 §5.1; no path outside the account's root)", arguments: formats)
    func hostileNames(format: MailLocation.Format) throws {
        try withTemporaryDirectory { directory in
            let store = try TestAccount(directory: directory, format: format).store()
            var hostile = ["../escape", "a/../../b", ".hidden", "a//b", "", "/", "a/\u{0}b", "tab\tname", "a/.", String(repeating: "x", count: 300)]
            hostile += format == .maildir ? ["dotted.name"] : ["INBOX/child", "Sent.lock"]
            for name in hostile {
                #expect(throws: FolderStoreError.Code.invalidName, "\(name)") { try catchCode { try store.createFolder(name, specialUse: nil) } }
                #expect(throws: FolderStoreError.Code.invalidName, "\(name)") {
                    try catchCode { _ = try store.append(Array(message("x").utf8), flags: MessageFlags(), internalDate: nil, to: name) }
                }
                #expect(throws: FolderStoreError.Code.invalidName, "\(name)") { try catchCode { try store.renameFolder("Sent", to: name) } }
            }
            #expect(!FileManager.default.fileExists(atPath: directory + "/escape"))
        }
    }

    @Test("The index path of an account: unsafe bytes escaped, every name its own file")
    func indexPath() {
        #expect(LocalFolderStore.indexPath(dataDirectory: "/d", account: "alice@example.test") == "/d/index/alice@example.test.sqlite")
        #expect(LocalFolderStore.indexPath(dataDirectory: "/d", account: "../../etc/passwd") == "/d/index/%2E.%2F..%2Fetc%2Fpasswd.sqlite")
        #expect(LocalFolderStore.indexPath(dataDirectory: "/d", account: ".") == "/d/index/%2E.sqlite")
        #expect(LocalFolderStore.indexPath(dataDirectory: "/d", account: "") == "/d/index/%.sqlite")
        #expect(LocalFolderStore.indexPath(dataDirectory: "/d", account: "a%2F") != LocalFolderStore.indexPath(dataDirectory: "/d", account: "a/"))
        let long = LocalFolderStore.indexPath(dataDirectory: "/d", account: String(repeating: "é", count: 200))
        let longer = LocalFolderStore.indexPath(dataDirectory: "/d", account: String(repeating: "é", count: 201))
        #expect(long != longer)
        #expect(long.split(separator: "/").last!.utf8.count <= 255)
    }
}

/// The code of the ``FolderStoreError`` `body` throws, as the error, for `#expect(throws:)`.
func catchCode(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as FolderStoreError {
        throw error.code
    }
}

extension FolderStoreError.Code: Error {}
