import Accounts
import MailCore
import Testing

@Suite("system user database (passwd(5) + shadow(5))")
struct SystemUserDatabaseTests {
    static let passwd = """
        root:x:0:0:root:/root:/bin/bash
        alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash
        bob:\(Fixture.sha256):1001:1001::/home/bob:/bin/sh
        carol:x:1002:1002::/home/carol:/bin/sh
        +nisuser::::::

        """
    static let shadow = """
        root:*:19000:0:99999:7:::
        alice:\(Fixture.yescrypt):19000:0:99999:7:::
        carol:!\(Fixture.sha512):19000:0:99999:7:::

        """

    private func database(_ directory: TemporaryDirectory, shadow: String? = Self.shadow) throws -> SystemUserDatabase {
        let passwdPath = try directory.write("passwd", Self.passwd)
        let shadowPath = try shadow.map { try directory.write("shadow", $0) } ?? directory.path + "/no-shadow"
        return SystemUserDatabase(mailDomain: "Example.TEST", passwdPath: passwdPath, shadowPath: shadowPath)
    }

    @Test("a user's address is name@mydomain; the account name is the bare login")
    func addresses() throws {
        let directory = try TemporaryDirectory()
        let alice = try #require(try database(directory).account(for: EmailAddress("Alice@example.test")!))
        #expect(alice.name == "alice")
        #expect(alice.address == EmailAddress("alice@example.test"))
        #expect(alice.home == "/home/alice")
        #expect(alice.uid == 1000 && alice.gid == 1000)
    }

    @Test("a passwd record without numeric uid and gid is no account, so it cannot slip past first_valid_uid")
    func nonNumericIDs() throws {
        let directory = try TemporaryDirectory()
        let passwdPath = try directory.write("passwd", "odd:\(Fixture.sha256):abc:0::/root:/bin/sh\n")
        let database = SystemUserDatabase(mailDomain: "example.test", passwdPath: passwdPath, shadowPath: directory.path + "/none")
        #expect(try database.account(for: EmailAddress("odd@example.test")!) == nil)
    }

    @Test("addresses in other domains are not system accounts")
    func otherDomains() throws {
        let directory = try TemporaryDirectory()
        #expect(try database(directory).account(for: EmailAddress("alice@other.test")!) == nil)
        #expect(try database(directory).account(for: EmailAddress("nobody@example.test")!) == nil)
    }

    @Test("the hash comes from shadow; locked accounts never verify")
    func shadowHashes() throws {
        let directory = try TemporaryDirectory()
        let database = try database(directory)
        #expect(try database.account(for: EmailAddress("alice@example.test")!)?.passwordHash.verify(Fixture.password) == true)
        #expect(try database.account(for: EmailAddress("carol@example.test")!)?.passwordHash.verify(Fixture.password) == false)
        #expect(try database.account(for: EmailAddress("root@example.test")!)?.passwordHash.verify("") == false)
    }

    @Test("without shadow, or without the user in it, passwd's own hash is used")
    func passwdFallback() throws {
        let directory = try TemporaryDirectory()
        #expect(try database(directory).account(for: EmailAddress("bob@example.test")!)?.passwordHash.verify(Fixture.password) == true)
        let noShadow = try database(directory, shadow: nil)
        #expect(try noShadow.account(for: EmailAddress("bob@example.test")!)?.passwordHash.verify(Fixture.password) == true)
        #expect(try noShadow.account(for: EmailAddress("alice@example.test")!)?.passwordHash.verify(Fixture.password) == false)
    }

    @Test("all accounts, sorted, without NIS lines")
    func listing() throws {
        let directory = try TemporaryDirectory()
        #expect(try database(directory).allAccounts().map(\.name) == ["alice", "bob", "carol", "root"])
    }

    /// Permission bits do not stop root, so the test makes shadow unreadable for everyone: a directory.
    @Test("an unreadable shadow is a clear error when authenticating, not a crash")
    func unreadableShadow() throws {
        let directory = try TemporaryDirectory()
        let passwdPath = try directory.write("passwd", Self.passwd)
        let database = SystemUserDatabase(mailDomain: "example.test", passwdPath: passwdPath, shadowPath: directory.path)
        let error = try #require(throws: AccountsError.self) {
            try Authenticator(database: database, defaultDomain: "example.test").authenticate(login: "alice", password: "x")
        }
        #expect(error.code == .databaseUnreadable)
        #expect(error.description.hasPrefix("cannot read \(directory.path): "))
        #expect(error.description.contains("shadow group"))
    }
}
