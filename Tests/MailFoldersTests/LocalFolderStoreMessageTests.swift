import Foundation
import Glibc
import MailCore
import MailFolders
import MailIndex
import MailMessage
import MailStore
import Testing

@Suite("LocalFolderStore messages (RFC 9051 §6.3.12, §6.4; RFC 6851; RFC 4315)")
struct LocalFolderStoreMessageTests {
    @Test("APPEND, COPY, MOVE, EXPUNGE: UIDs strictly ascending, never reused (RFC 9051 §2.3.1.1)", arguments: formats)
    func uidsAscend(format: MailLocation.Format) throws {
        try withTemporaryDirectory { directory in
            let account = TestAccount(directory: directory, format: format)
            let store = try account.store()
            _ = try store.folders()
            var uids: [UInt32] = []
            for number in 1...3 {
                uids.append(try store.append(Array(message("m\(number)").utf8), flags: flags(.flagged), internalDate: 1_700_000_000 + Int64(number),
                                             to: "INBOX").message.uid)
            }
            #expect(uids == [1, 2, 3])
            try store.expunge([3], from: "INBOX")
            let fourth = try store.append(Array(message("m4").utf8), flags: MessageFlags(), internalDate: nil, to: "INBOX")
            #expect(fourth.message.uid == 4)

            let copied = try store.copy([1, 2], from: "INBOX", to: "Archive")
            #expect(copied.pairs.map(\.source) == [1, 2])
            #expect(copied.pairs.map(\.target) == [1, 2])
            let archive = try store.open("Archive")
            #expect(copied.uidValidity == archive.status.uidValidity)
            #expect(archive.messages.map(\.flags) == [flags(.flagged), flags(.flagged)])
            #expect(archive.messages.map(\.internalDate) == [1_700_000_001, 1_700_000_002])

            let moved = try store.move([1], from: "INBOX", to: "Archive")
            #expect(moved.pairs.map(\.target) == [3])
            #expect(try store.open("INBOX").messages.map(\.uid) == [2, 4])
            try store.expunge([2, 4, 99], from: "INBOX")
            #expect(try store.open("INBOX").messages.isEmpty)
            #expect(try store.append(Array(message("m5").utf8), flags: MessageFlags(), internalDate: nil, to: "INBOX").message.uid == 5)
            #expect(throws: FolderStoreError.Code.nonexistent) {
                try catchCode { _ = try store.append(Array(message("x").utf8), flags: MessageFlags(), internalDate: nil, to: "Missing") }
            }
            #expect(throws: FolderStoreError.Code.nonexistent) { try catchCode { _ = try store.copy([5], from: "INBOX", to: "Missing") } }
        }
    }

    @Test("content is CRLF and exactly RFC822.SIZE; structure is parsed once and kept (RFC 9051 §7.5.2)", arguments: formats)
    func contentAndStructure(format: MailLocation.Format) throws {
        try withTemporaryDirectory { directory in
            let account = TestAccount(directory: directory, format: format)
            // LF line ends and a line an mbox must quote.
            try account.deliver("Subject: lf\nFrom: a@example.test\n\nFrom here on\n>From quoted\n")
            let store = try account.store()
            let snapshot = try store.open("INBOX")
            let stored = try #require(snapshot.messages.first)
            let content = try store.content(of: stored, in: "INBOX")
            #expect(String(decoding: content, as: UTF8.self) == "Subject: lf\r\nFrom: a@example.test\r\n\r\nFrom here on\r\n>From quoted\r\n")
            #expect(Int64(content.count) == stored.size)
            let structure = try #require(try store.structures(of: [stored], in: "INBOX").first)
            #expect(try store.index.structures(uids: [stored.uid], in: "INBOX") == [stored.uid: structure.serialized()])
            #expect(try store.structures(of: [stored], in: "INBOX").first?.serialized() == structure.serialized())
            #expect(structure == MessageStructure(parsing: content), "parsed as stored, the structure of what FETCH sends")
        }
    }

    @Test("A first parse that meets a message another program deleted keeps what it parsed of the others, then says which is gone")
    func structuresKeptPastAGoneMessage() throws {
        try withTemporaryDirectory { directory in
            let account = TestAccount(directory: directory, format: .maildir)
            for subject in ["one", "two", "three"] { try account.deliver(message(subject)) }
            let store = try account.store()
            let messages = try store.open("INBOX").messages
            let inbox = account.layout.inbox.path
            let second = try #require(try ["new", "cur"].flatMap { directory in
                try FileManager.default.contentsOfDirectory(atPath: "\(inbox)/\(directory)").map { "\(inbox)/\(directory)/\($0)" }
            }.first { $0.contains(messages[1].key) })
            try FileManager.default.removeItem(atPath: second)
            let error = #expect(throws: FolderStoreError.self) { try store.structures(of: messages, in: "INBOX") }
            #expect(error?.code == .messageGone)
            #expect(error?.description.contains("message \(messages[1].uid) ") == true)
            #expect(Set(try store.index.structures(uids: messages.map(\.uid), in: "INBOX").keys) == [messages[0].uid, messages[2].uid])
        }
    }

    @Test("A message whose size in the index is wrong (a lying W=) is parsed as FETCH sends it: cut or padded to that size",
          arguments: formats)
    func structureOfWrongSize(format: MailLocation.Format) throws {
        for change in [-7, 5] as [Int64] {
            try withTemporaryDirectory { directory in
                let account = TestAccount(directory: directory, format: format)
                try account.deliver("Subject: sized\nFrom: a@example.test\n\none\ntwo\nthree\n")
                let store = try account.store()
                var wrong = try #require(try store.open("INBOX").messages.first)
                wrong.size += change
                let sent = try #require(try store.contents(of: [wrong], in: "INBOX").first ?? nil)
                let structure = try #require(try store.structures(of: [wrong], in: "INBOX").first)
                #expect(Int64(structure.size.count) == wrong.size)
                #expect(structure == MessageStructure(parsing: sent))
            }
        }
    }

    @Test("ENVELOPEs for SEARCH: parsed and kept for messages never parsed, then read alone from what is kept", arguments: formats)
    func envelopes(format: MailLocation.Format) throws {
        try withTemporaryDirectory { directory in
            let account = TestAccount(directory: directory, format: format)
            let store = try account.store()
            for subject in ["first", "second"] {
                _ = try store.append(Array(message(subject).utf8), flags: MessageFlags(), internalDate: nil, to: "INBOX")
            }
            let messages = try store.open("INBOX").messages
            let first = try store.envelopes(of: messages, in: "INBOX")
            #expect(first.map(\.decodedSubject) == ["first", "second"])
            #expect(try store.envelopes(of: messages, in: "INBOX") == first)
            #expect(try store.structures(of: messages, in: "INBOX").map(\.envelope) == first)
        }
    }

    @Test("STORE flags go to the Maildir names (mutt's and Dovecot's :2, letters) and back")
    func flagsRoundTrip() throws {
        try withTemporaryDirectory { directory in
            let account = TestAccount(directory: directory, format: .maildir)
            try account.deliver(message("one"))
            let store = try account.store()
            let uid = try #require(try store.open("INBOX").messages.first?.uid)
            #expect(try account.maildirNames().allSatisfy { $0.hasPrefix("new/") })
            let result = try store.changeFlags(.add(flags([.seen, .answered], ["$Forwarded", "$Junk"])), uids: [uid], in: "INBOX", unchangedSince: nil)
            #expect(result.changed.count == 1)
            var names = try account.maildirNames()
            #expect(names.count == 1)
            #expect(names[0].hasPrefix("cur/") && names[0].hasSuffix(":2,PRS"))
            _ = try store.changeFlags(.remove(flags(.answered)), uids: [uid], in: "INBOX", unchangedSince: nil)
            names = try account.maildirNames()
            #expect(names[0].hasSuffix(":2,PS"))
            // The index keeps what a name cannot hold, and stays the authority over another instance.
            let again = try account.store().open("INBOX").messages[0].flags
            #expect(again == flags(.seen, ["$Forwarded", "$Junk"]))
            // APPEND with flags saves into cur/ with them.
            _ = try store.append(Array(message("two").utf8), flags: flags([.draft, .flagged]), internalDate: nil, to: "INBOX")
            #expect(try account.maildirNames().contains { $0.hasPrefix("cur/") && $0.hasSuffix(":2,DF") })
        }
    }

    @Test("A message the index has not seen takes its flags from its :2, info")
    func flagsFromName() throws {
        try withTemporaryDirectory { directory in
            let account = TestAccount(directory: directory, format: .maildir)
            let store = try account.store()
            _ = try store.folders()
            try Array(message("mutt").utf8).withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: directory + "/Maildir/cur/1700000000.M1P1.host:2,FS")) }
            let messages = try store.open("INBOX").messages
            #expect(messages.map(\.flags) == [flags([.flagged, .seen])])
            #expect(messages.map(\.size) == [Int64(message("mutt").utf8.count)])
        }
    }

    @Test("Mail dropped and removed by other programs is seen by the next changes call", arguments: formats)
    func externalChanges(format: MailLocation.Format) throws {
        try withTemporaryDirectory { directory in
            let account = TestAccount(directory: directory, format: format)
            try account.deliver(message("one"))
            let store = try account.store()
            let first = try store.open("INBOX")
            try account.deliver(message("two"))
            let added = try store.changes(in: "INBOX", since: first.status.highestModSeq)
            #expect(added.changed.count == 1)
            #expect(added.changed.first?.uid == 2)
            switch format {
            case .maildir:
                for name in try account.maildirNames() where name.contains(first.messages[0].key) {
                    try FileManager.default.removeItem(atPath: directory + "/Maildir/" + name)
                }
            case .mbox:
                // mail(1) deleting the first message: the file rewritten with the second only.
                let text = try String(contentsOfFile: directory + "/spool/user", encoding: .utf8)
                let second = text.range(of: "\nFrom ", options: .backwards)!
                try String(text[text.index(after: second.lowerBound)...]).write(toFile: directory + "/spool/user", atomically: true, encoding: .utf8)
            }
            let removed = try store.changes(in: "INBOX", since: added.head.highestModSeq)
            #expect(removed.expunged == [1])
            #expect(try store.open("INBOX").messages.map(\.uid) == [2])
        }
    }

    @Test("changes with nothing changed lists nothing; a delivery is then seen", arguments: formats)
    func changesWithoutRescan(format: MailLocation.Format) throws {
        try withTemporaryDirectory { directory in
            let account = TestAccount(directory: directory, format: format)
            try account.deliver(message("one"))
            let store = try account.store()
            try account.ageFolder()
            let snapshot = try store.open("INBOX")
            account.fileSystem.reset()
            for _ in 0..<3 {
                let changes = try store.changes(in: "INBOX", since: snapshot.status.highestModSeq)
                #expect(changes.changed.isEmpty && changes.expunged.isEmpty)
            }
            #expect(account.fileSystem.opens.isEmpty)
            try account.deliver(message("two"))
            account.fileSystem.reset()
            #expect(try store.changes(in: "INBOX", since: snapshot.status.highestModSeq).changed.map(\.uid) == [2])
            #expect(!account.fileSystem.opens.isEmpty)
        }
    }

    @Test("a burst of the store's own STOREs and APPENDs does not list the folder again after each", arguments: formats)
    func ownChangesWithoutRescan(format: MailLocation.Format) throws {
        try withTemporaryDirectory { directory in
            let account = TestAccount(directory: directory, format: format)
            try account.deliver(message("one"))
            let store = try account.store()
            let snapshot = try store.open("INBOX")
            let uid = try #require(snapshot.messages.first?.uid)
            _ = try store.changeFlags(.add(MessageFlags(system: .seen)), uids: [uid], in: "INBOX", unchangedSince: nil)
            _ = try store.append(Array(message("two").utf8), flags: MessageFlags(), internalDate: nil, to: "INBOX")
            account.fileSystem.reset()
            // The folder changed within the last second, by the store itself: its stamp stands.
            let changes = try store.changes(in: "INBOX", since: snapshot.status.highestModSeq)
            #expect(changes.changed.count == 2)
            #expect(account.fileSystem.opens.isEmpty, "no listing after the store's own changes")
        }
    }

    @Test("UIDs are stable across store instances; a lost index is rebuilt from the files", arguments: formats)
    func stableAcrossInstances(format: MailLocation.Format) throws {
        try withTemporaryDirectory { directory in
            let account = TestAccount(directory: directory, format: format)
            for number in 1...3 { try account.deliver(message("m\(number)")) }
            let first = try account.store().open("INBOX")
            #expect(first.messages.map(\.uid) == [1, 2, 3])
            let second = try account.store().open("INBOX")
            #expect(second.status.uidValidity == first.status.uidValidity)
            #expect(second.messages.map(\.key) == first.messages.map(\.key))
            #expect(second.messages.map(\.uid) == [1, 2, 3])

            // Without the index the messages are numbered again in arrival order under a new UIDVALIDITY
            // (as Dovecot does when it loses dovecot-uidlist); nothing is lost.
            try FileManager.default.removeItem(atPath: account.indexPath)
            let rebuilt = try account.store().open("INBOX")
            #expect(rebuilt.messages.map(\.key) == first.messages.map(\.key))
            #expect(rebuilt.messages.map(\.uid) == [1, 2, 3])
        }
    }

    @Test("RFC 1939 §7: POP3's UIDLs survive the upgrade, imported from the old mailroom.index", arguments: formats)
    func importsOldIndex(format: MailLocation.Format) throws {
        try withTemporaryDirectory { directory in
            let account = TestAccount(directory: directory, format: format)
            for number in 1...3 { try account.deliver(message("m\(number)")) }
            let inbox = account.layout.inbox
            let files = FolderFiles(mailbox: inbox, configuration: account.configuration)
            let listed = try files.list { _ in false }
            // As the last version with a per-mailbox index left it: message UIDs 2, 4, 5 (1 and 3 were
            // expunged), the next UID 8 (6 and 7 were given to messages expunged since).
            let old = MailboxIndex(for: inbox)
            let text = "mailroom-index 1 1700000000 8\n" + zip([2, 4, 5], listed).map { "\($0) \($1.key)\n" }.joined()
            #expect(FileManager.default.createFile(atPath: old.path, contents: Data(text.utf8)))

            let store = try account.store()
            let snapshot = try store.open("INBOX")
            #expect(snapshot.status.uidValidity == 1_700_000_000)
            #expect(snapshot.messages.map { "\(snapshot.status.uidValidity).\($0.uid)" } == ["1700000000.2", "1700000000.4", "1700000000.5"])
            #expect(snapshot.messages.map(\.size) == listed.map(\.size))
            try account.deliver(message("m4"))
            #expect(try store.open("INBOX").messages.map(\.uid) == [2, 4, 5, 8], "UIDs given out before are not given again")
            // Imported once: the index is the authority after that, whatever the old file says.
            #expect(FileManager.default.createFile(atPath: old.path, contents: Data("mailroom-index 1 42 2\n1 x\n".utf8)))
            #expect(try account.store().open("INBOX").status.uidValidity == 1_700_000_000)
        }
    }

    @Test("content in pieces adds up to the whole, cut or padded to RFC822.SIZE as a wrong W= requires", arguments: formats)
    func contentInPieces(format: MailLocation.Format) throws {
        try withTemporaryDirectory { directory in
            let account = TestAccount(directory: directory, format: format)
            var body = ""
            for number in 0..<150 { body += String(repeating: number % 5 == 0 ? "." : "y", count: number % 90) + "\n" }
            try account.deliver("Subject: pieces\n\nFrom the start\n" + body)
            let store = try account.store()
            let stored = try #require(try store.open("INBOX").messages.first)
            let whole = try store.content(of: stored, in: "INBOX")
            for storedBytes in [1, 97, 4096] {
                var position = ContentPosition()
                var pieces: [[UInt8]] = []
                while !position.isAtEnd {
                    pieces.append(try store.content(of: stored, in: "INBOX", continuing: &position, storedBytes: storedBytes))
                }
                #expect(Array(pieces.joined()) == whole)
                #expect(pieces.allSatisfy { $0.count <= 2 * storedBytes + 8 })
            }
            // The size the index holds disagrees with the file (a Maildir name's W= lied): the pieces
            // still add up to exactly that size, cut short or padded with spaces.
            for size in [stored.size - 100, stored.size + 300] {
                var wrong = stored
                wrong.size = size
                var position = ContentPosition()
                var read: [UInt8] = []
                while !position.isAtEnd {
                    read += try store.content(of: wrong, in: "INBOX", continuing: &position, storedBytes: 64)
                }
                #expect(Int64(read.count) == size)
                #expect(read.starts(with: whole.prefix(Int(min(size, stored.size)))))
                #expect(read.dropFirst(whole.count).allSatisfy { $0 == UInt8(ascii: " ") })
            }
        }
    }

    @Test("contents of several messages are each one's content, in order; a message gone is nil, the others are read", arguments: formats)
    func contentsOfSeveral(format: MailLocation.Format) throws {
        try withTemporaryDirectory { directory in
            let account = TestAccount(directory: directory, format: format)
            for number in 1...3 { try account.deliver("Subject: \(number)\n\nBody \(number)\nline two\n") }
            let store = try account.store()
            let messages = try store.open("INBOX").messages
            #expect(messages.count == 3)
            let each = try messages.map { try store.content(of: $0, in: "INBOX") }
            #expect(try store.contents(of: messages, in: "INBOX") == each)
            // RFC822.SIZE is what the literal announces: a size the index holds wrong is cut or padded, as content(of:in:) does.
            var wrong = messages[0]
            wrong.size += 7
            #expect(try store.contents(of: [wrong], in: "INBOX") == [each[0] + Array("       ".utf8)])
            try store.expunge([messages[1].uid], from: "INBOX")
            #expect(try store.contents(of: messages, in: "INBOX") == [each[0], nil, each[2]])
            #expect(try store.contents(of: [], in: "INBOX").isEmpty)
        }
    }
}
