import MailCore
import MailFolders
import MailIndex
import MailStore
import Testing

/// What SELECT reads (RFC 9051 §6.3.2): UIDs, keywords in use and the first unseen message, kept for the
/// next session only while the folder is unchanged.
@Suite("LocalFolderStore selection")
struct LocalFolderStoreSelectionTests {
    @Test("SELECT gives UIDs, keywords and the first unseen message, and follows every change", arguments: formats)
    func selectionFollowsChanges(format: MailLocation.Format) throws {
        try withTemporaryDirectory { directory in
            let account = TestAccount(directory: directory, format: format)
            let store = try account.store()
            for (number, flagged) in [(1, flags(.seen, ["$Forwarded"])), (2, flags([], ["$forwarded", "NonJunk"]))] {
                _ = try store.append(Array(message("m\(number)").utf8), flags: flagged, internalDate: nil, to: "INBOX")
            }
            let first = try store.select("INBOX")
            #expect(first.uids == [1, 2])
            #expect(first.keywords == ["$Forwarded", "NonJunk"])
            #expect(first.firstUnseenUID == 2)
            #expect(first.status.messageCount == 2)

            // An unchanged folder gives what was read before; a STORE is seen by the next SELECT.
            #expect(try store.select("INBOX").uids == first.uids)
            _ = try store.changeFlags(.add(flags(.seen)), uids: [2], in: "INBOX", unchangedSince: nil)
            #expect(try store.select("INBOX").firstUnseenUID == nil)

            // So are a delivery mailroom announces, an EXPUNGE and an APPEND.
            let stores = SharedFolderStores()
            let (shared, release) = try stores.acquire(key: try account.layout.location(of: "INBOX").path) { store }
            defer { release() }
            try account.deliver(message("delivered"), announcingTo: stores)
            #expect(try shared.select("INBOX").uids == [1, 2, 3])
            try store.expunge([1], from: "INBOX")
            #expect(try store.select("INBOX").uids == [2, 3])
            _ = try store.append(Array(message("m4").utf8), flags: MessageFlags(), internalDate: nil, to: "INBOX")
            let last = try store.select("INBOX")
            #expect(last.uids == [2, 3, 4])
            #expect(last.firstUnseenUID == 3)
            #expect(last.keywords == ["$forwarded", "NonJunk"])
        }
    }
}
