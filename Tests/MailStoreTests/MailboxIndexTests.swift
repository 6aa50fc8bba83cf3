import MailCore
import Glibc
import MailroomConfig
import Testing
@testable import MailStore

@Suite("the old per-mailbox index, read once for the upgrade (RFC 9051 §2.3.1.1, RFC 1939 §7)")
struct MailboxIndexTests {
    @Test("an index as earlier versions wrote it: UIDVALIDITY, next UID, UIDs and %-escaped keys")
    func readsWrittenIndex() async throws {
        try await withTemporaryDirectory { directory in
            let maildir = MailboxIndex(for: MailboxLocation(format: .maildir, path: directory))
            #expect(maildir.path == "\(directory)/mailroom.index")
            write(bytes("mailroom-index 1 1700000000 7\n1 a\n3 1000.M1P1.host\n5 a%20b\n6 100%25\n"), to: maildir.path)
            let stored = try #require(try maildir.stored())
            #expect(stored.uidValidity == 1_700_000_000 && stored.nextUID == 7)
            #expect(stored.messages.map(\.uid) == [1, 3, 5, 6])
            #expect(stored.messages.map(\.key) == ["a", "1000.M1P1.host", "a b", "100%"])

            let mbox = MailboxIndex(for: MailboxLocation(format: .mbox, path: "\(directory)/inbox"))
            #expect(mbox.path == "\(directory)/inbox.mailroom-index")
            #expect(try mbox.stored() == nil, "no index: nothing to import")
        }
    }

    @Test("a damaged index is not imported", arguments: [
        "garbage\n",
        "mailroom-index 2 1700000000 3\n1 a\n",  // a version this reader does not know
        "mailroom-index 1 0 3\n1 a\n",  // UIDVALIDITY 0 is not one (RFC 9051 §2.3.1.1)
        "mailroom-index 1 1700000000 3\n2 a\n1 b\n",  // UIDs out of order
        "mailroom-index 1 1700000000 3\n1 a\n3 b\n",  // a UID at or above the next UID
        "mailroom-index 1 1700000000 3\n1 a",  // cut short
        "mailroom-index 1 1700000000 3\n1 a%2\n",  // a broken escape
        "mailroom-index 1 1700000000 3\n1 a b\n",  // three fields
    ])
    func damaged(text: String) async throws {
        try await withTemporaryDirectory { directory in
            let index = MailboxIndex(for: MailboxLocation(format: .maildir, path: directory))
            write(bytes(text), to: index.path)
            let stored = try index.stored()
            #expect(stored == nil)
        }
    }
}
