import Accounts
import Foundation
import MailCore
import MailRouting
import MailroomConfig
import Synchronization

/// An in-memory user database: accounts by canonical address.
struct MemoryUserDatabase: UserDatabase {
    let accounts: [EmailAddress: Account]

    init(_ addresses: [String]) {
        var accounts: [EmailAddress: Account] = [:]
        for text in addresses {
            let address = EmailAddress(text)!
            accounts[address.canonical] = Account(name: text, address: address, home: "/home/" + address.localPart,
                                                  uid: nil, gid: nil, passwordHash: PasswordHash(crypt: "*"))
        }
        self.accounts = accounts
    }

    func account(for address: EmailAddress) throws -> Account? { accounts[address.canonical] }
    func allAccounts() throws -> [Account] { accounts.values.sorted { $0.name < $1.name } }
}

/// A database that cannot be read, like `system` without access to /etc/shadow.
struct BrokenUserDatabase: UserDatabase {
    struct Unreadable: Error, CustomStringConvertible {
        var description: String { "/etc/shadow: permission denied" }
    }
    func account(for address: EmailAddress) throws -> Account? { throw Unreadable() }
    func allAccounts() throws -> [Account] { throw Unreadable() }
}

/// A monotonic clock the test moves by hand.
final class ManualClock: Sendable {
    private let instant = Mutex(ContinuousClock.now)
    var now: ContinuousClock.Instant { instant.withLock { $0 } }
    func advance(by duration: Duration) { instant.withLock { $0 = $0.advanced(by: duration) } }
}

/// A temporary directory removed when the value is released... by the test, explicitly.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "mailroom-routing-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try text.write(toFile: file, atomically: false, encoding: .utf8)
        return file
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// The acceptance suite's scenario: mail.example.test in example.test, loopback outside mynetworks.
enum Scenario {
    static let aliases = """
        postmaster: root
        team: xiong, root
        abuse: postmaster
        """
    static let accounts = ["xiong@example.test", "root@example.test"]

    static func settings(aliasFile: String, extra: [String] = []) throws -> Settings {
        let lines = [
            "myhostname = mail.example.test",
            "mydomain = example.test",
            "mydestination = $myhostname, localhost.$mydomain, localhost, $mydomain",
            "mynetworks = 192.0.2.0/24",
            "alias_maps = hash:\(aliasFile)",
        ] + extra
        return try Settings.parse(lines.joined(separator: "\n") + "\n", file: "main.cf", hostName: "mail.example.test")
            .settings
    }

    static var policy: RoutingPolicy {
        RoutingPolicy(localDomains: ["mail.example.test", "localhost.example.test", "localhost", "example.test"],
                      relayDomains: ["partner.test"], mynetworks: [IPNetwork("192.0.2.0/24")!],
                      myorigin: "mail.example.test", mydomain: "example.test")
    }

    /// A router over in-memory aliases (no files) and accounts.
    static func router(
        aliases: String = Scenario.aliases,
        accounts: [String] = Scenario.accounts,
        users: (any UserDatabase)? = nil,
        tables: RecipientRouter.Tables = .init()
    ) throws -> RecipientRouter {
        let table = AliasTable([try AliasesFile.parse(aliases, file: "aliases")])
        return RecipientRouter(policy: policy, aliases: table, tables: tables, users: users ?? MemoryUserDatabase(accounts))
    }
}

extension ClientContext {
    /// Loopback, unauthenticated: outside the scenario's mynetworks.
    static let outsider = ClientContext(address: IPAddress("127.0.0.1"), isAuthenticated: false)
    static let authenticated = ClientContext(address: IPAddress("127.0.0.1"), isAuthenticated: true)
    static let trusted = ClientContext(address: IPAddress("192.0.2.10"), isAuthenticated: false)
}

extension RecipientRouter {
    /// The recipients' addresses, or `nil` when rejected.
    func addresses(_ recipient: String, client: ClientContext = .outsider) -> [String]? {
        route(recipient: recipient, client: client).recipients?.map(\.address)
    }

    /// The reply a rejection sends, as `code status`, or `nil` when accepted.
    func status(_ recipient: String, client: ClientContext = .outsider) -> String? {
        route(recipient: recipient, client: client).rejection.map { "\($0.replyCode) \($0.enhancedStatus)" }
    }
}
