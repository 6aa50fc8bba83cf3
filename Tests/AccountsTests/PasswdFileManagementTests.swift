import Accounts
import MailCore
import Testing

@Suite("passwd-file management (mailroom user add/passwd/del/list)")
struct PasswdFileManagementTests {
    private static let alice = EmailAddress("alice@example.test")!

    @Test("add, list, passwd, authenticate, del round trip; the file stays 0600")
    func roundTrip() throws {
        let directory = try TemporaryDirectory()
        let database = PasswdFileDatabase(path: directory.path + "/db/users", dataDirectory: directory.path)
        let authenticator = Authenticator(database: database, defaultDomain: "example.test")

        try database.add(EmailAddress("Alice@Example.test")!, password: "first")
        #expect(directory.mode("db/users") == 0o600)
        #expect(try database.allAccounts().map(\.name) == ["alice@example.test"])
        #expect(try authenticator.authenticate(login: "alice", password: "first")?.name == "alice@example.test")

        try database.setPassword("second", for: Self.alice)
        #expect(directory.mode("db/users") == 0o600)
        #expect(try authenticator.authenticate(login: "alice", password: "first") == nil)
        #expect(try authenticator.authenticate(login: "alice@example.test", password: "second") != nil)

        try database.delete(Self.alice)
        #expect(directory.mode("db/users") == 0o600)
        #expect(try database.allAccounts().isEmpty)
        #expect(try authenticator.authenticate(login: "alice", password: "second") == nil)
    }

    @Test("written lines are user:{CRYPT}$y$...:::::: ")
    func lineFormat() throws {
        let directory = try TemporaryDirectory()
        let database = PasswdFileDatabase(path: directory.path + "/users", dataDirectory: directory.path)
        try database.add(Self.alice, password: "pw")
        let line = try directory.read("users")
        #expect(line.hasPrefix("alice@example.test:{CRYPT}$y$"))
        #expect(line.hasSuffix("::::::\n"))
        #expect(line.split(separator: ":", omittingEmptySubsequences: false).count == 8)
    }

    @Test("comments, other lines and their extra fields are kept")
    func keepsOtherLines() throws {
        let directory = try TemporaryDirectory()
        let original = "# accounts\nbob@example.test:{PLAIN}b:1:2::/home/bob::quota=1G\n\n"
        let path = try directory.write("users", original)
        let database = PasswdFileDatabase(path: path, dataDirectory: directory.path)
        try database.add(Self.alice, password: "pw")
        try database.setPassword("new", for: EmailAddress("BOB@example.test")!)
        let lines = try directory.read("users").split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "# accounts")
        #expect(lines[1].hasPrefix("bob@example.test:{CRYPT}$y$") && lines[1].hasSuffix(":1:2::/home/bob::quota=1G"))
        #expect(lines[2] == "")
        #expect(lines[3].hasPrefix("alice@example.test:"))
        try database.delete(Self.alice)
        #expect(try directory.read("users").hasPrefix("# accounts\nbob@example.test:"))
        #expect(directory.mode("users") == 0o600)
    }

    @Test("adding an existing account fails, in any case")
    func duplicateAdd() throws {
        let directory = try TemporaryDirectory()
        let database = PasswdFileDatabase(path: directory.path + "/users", dataDirectory: directory.path)
        try database.add(Self.alice, password: "pw")
        let error = try #require(throws: AccountsError.self) {
            try database.add(EmailAddress("ALICE@example.test")!, password: "other")
        }
        #expect(error.code == .accountExists)
        #expect(error.description == "account ALICE@example.test already exists")
    }

    @Test("deleting or changing a missing account fails")
    func missingAccount() throws {
        let directory = try TemporaryDirectory()
        let database = PasswdFileDatabase(path: directory.path + "/users", dataDirectory: directory.path)
        let deletion = try #require(throws: AccountsError.self) { try database.delete(Self.alice) }
        #expect(deletion.code == .noSuchAccount)
        #expect(deletion.description == "no such account: alice@example.test")
        let change = try #require(throws: AccountsError.self) { try database.setPassword("x", for: Self.alice) }
        #expect(change.code == .noSuchAccount)
    }

    @Test("addresses that would break the file are refused", arguments: ["a:b@example.test", "#alice@example.test", "a\u{7}b@example.test"])
    func invalidAddresses(text: String) throws {
        let directory = try TemporaryDirectory()
        let database = PasswdFileDatabase(path: directory.path + "/users", dataDirectory: directory.path)
        let address = try #require(EmailAddress(text))
        let error = try #require(throws: AccountsError.self) { try database.add(address, password: "pw") }
        #expect(error.code == .invalidAddress)
    }

    @Test("concurrent adds all land (the lock serialises read-modify-write)")
    func concurrentAdds() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/users"
        let count = 8
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                group.addTask {
                    // A database per task, like separate `mailroom user add` processes.
                    let database = PasswdFileDatabase(path: path, dataDirectory: "/unused")
                    try database.add(EmailAddress("user\(index)@example.test")!, password: "pw\(index)")
                }
            }
            try await group.waitForAll()
        }
        let names = try PasswdFileDatabase(path: path, dataDirectory: "/unused").allAccounts().map(\.name)
        #expect(names == (0..<count).map { "user\($0)@example.test" })
        #expect(directory.mode("users") == 0o600)
    }
}
