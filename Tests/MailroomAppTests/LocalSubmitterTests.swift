import Accounts
import Foundation
import MailCore
import MailRouting
import MailroomConfig
import Testing

@testable import MailroomApp

@Suite("LocalSubmitter")
struct LocalSubmitterTests {
    /// Accounts by address, without passwords: routing only asks whether they exist.
    private struct Accounts: UserDatabase {
        let addresses: [String]
        func account(for address: EmailAddress) throws -> Account? {
            try allAccounts().first { $0.address.canonical == address.canonical }
        }
        func allAccounts() throws -> [Account] {
            try addresses.map {
                Account(name: $0, address: EmailAddress($0)!, home: "/nonexistent", uid: nil, gid: nil,
                        passwordHash: try PasswordHash.make(password: "unused"))
            }
        }
    }

    private let router = RecipientRouter(
        policy: RoutingPolicy(localDomains: ["example.test", "mail.example.test"], relayDomains: [], mynetworks: [],
                              recipientDelimiter: "+", myorigin: "mail.example.test", mydomain: "example.test"),
        aliases: AliasTable([]), users: Accounts(addresses: ["alice@example.test", "root@example.test"]))

    private func sender(_ submitter: LocalSubmitter, asking requested: String?) throws -> String {
        try submitter.envelopeSender(requested: requested, router: router, mydomain: "example.test")
    }

    private let alice = LocalSubmitter(uid: 1000, name: "alice", isTrusted: false)

    @Test("without -f the sender is the peer's own name at myorigin, whatever the message says")
    func derived() throws {
        #expect(try sender(alice, asking: nil) == "alice@mail.example.test")
    }

    @Test("a user may ask for an address the account owns: its own, with an extension, or name@myorigin")
    func owned() throws {
        #expect(try sender(alice, asking: "alice@example.test") == "alice@example.test")
        #expect(try sender(alice, asking: "alice+lists@example.test") == "alice+lists@example.test")
        #expect(try sender(alice, asking: "alice") == "alice@mail.example.test")
    }

    @Test("a client that lies about its sender is refused: another account, a remote address, the null sender",
          arguments: ["root@example.test", "root", "someone@elsewhere.test", ""])
    func lies(requested: String) {
        #expect(throws: LocalSubmitter.SenderRefusal.self) { try sender(alice, asking: requested) }
    }

    @Test("root and the data directory's owner may give any sender")
    func trusted() throws {
        let root = LocalSubmitter.peer(uid: 0, trustedOwner: 4242)
        #expect(root.isTrusted && root.name == "root")
        #expect(try sender(root, asking: "someone@elsewhere.test") == "someone@elsewhere.test")
        #expect(LocalSubmitter.peer(uid: 4242, trustedOwner: 4242).isTrusted)
        #expect(!LocalSubmitter.peer(uid: 4243, trustedOwner: 4242).isTrusted)
    }

    @Test("a uid without a password entry gets a name no account can have")
    func unknownUID() {
        #expect(LocalSubmitter.peer(uid: 3_999_999, trustedOwner: 0).name == "#3999999")
    }
}
