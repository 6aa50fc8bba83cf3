import Accounts
import Foundation
import MailCore
import Testing

@Suite("passwd-file user database (Dovecot format)")
struct PasswdFileDatabaseTests {
    static let sample = """
        # mail accounts
        alice@example.test:{CRYPT}\(Fixture.yescrypt)::::::

          # an indented comment
        Bob@Example.TEST:\(Fixture.sha512):1001:1002:Bob B:/home/bob:/bin/sh:userdb_quota_rule=*:storage=1G allow_nets=10.0.0.0/8
        carol@example.test:{PLAIN}carol-pw
        dave@other.test
        bare-name:{PLAIN}x
        alice@example.test:{PLAIN}second-line-loses

        """

    private func database(_ directory: TemporaryDirectory) throws -> PasswdFileDatabase {
        let path = try directory.write("users", Self.sample)
        return PasswdFileDatabase(path: path, dataDirectory: "/srv/mailroom/")
    }

    @Test("reads accounts, skipping comments, blank lines and bare names")
    func parses() throws {
        let directory = try TemporaryDirectory()
        let names = try database(directory).allAccounts().map(\.name)
        #expect(names == ["alice@example.test", "Bob@Example.TEST", "carol@example.test", "dave@other.test"])
    }

    @Test("lookups are case-insensitive")
    func caseInsensitive() throws {
        let directory = try TemporaryDirectory()
        let database = try database(directory)
        let bob = try #require(try database.account(for: EmailAddress("bob@example.test")!))
        #expect(bob.name == "Bob@Example.TEST")
        #expect(try database.account(for: EmailAddress("ALICE@EXAMPLE.TEST")!)?.name == "alice@example.test")
        #expect(try database.account(for: EmailAddress("nobody@example.test")!) == nil)
    }

    @Test("uid, gid and home come from the line; extra fields are ignored")
    func fields() throws {
        let directory = try TemporaryDirectory()
        let bob = try #require(try database(directory).account(for: EmailAddress("bob@example.test")!))
        #expect(bob.uid == 1001)
        #expect(bob.gid == 1002)
        #expect(bob.home == "/home/bob")
        #expect(bob.passwordHash.verify(Fixture.password))
    }

    @Test("an empty or missing home field uses the data directory's mail/%d/%n")
    func homeTemplate() throws {
        let directory = try TemporaryDirectory()
        let database = try database(directory)
        let alice = try #require(try database.account(for: EmailAddress("alice@example.test")!))
        #expect(alice.home == "/srv/mailroom/mail/example.test/alice")
        #expect(alice.uid == nil && alice.gid == nil)
        #expect(try database.account(for: EmailAddress("dave@other.test")!)?.home == "/srv/mailroom/mail/other.test/dave")
    }

    @Test("a custom home template expands %u, %n, %d and %%")
    func customTemplate() {
        let template = HomeTemplate("/v/%d/%n/%u/100%%/%x")
        let address = EmailAddress("a.b@example.test")!
        #expect(template.expand(name: "a.b@example.test", address: address) == "/v/example.test/a.b/a.b@example.test/100%/%x")
    }

    @Test("the first line for an address wins; a missing password field never verifies")
    func duplicatesAndShortLines() throws {
        let directory = try TemporaryDirectory()
        let database = try database(directory)
        let alice = try #require(try database.account(for: EmailAddress("alice@example.test")!))
        #expect(alice.passwordHash.verify(Fixture.password))
        #expect(!alice.passwordHash.verify("second-line-loses"))
        let dave = try #require(try database.account(for: EmailAddress("dave@other.test")!))
        #expect(!dave.passwordHash.verify(""))
    }

    @Test("a missing file has no accounts")
    func missingFile() throws {
        let directory = try TemporaryDirectory()
        let database = PasswdFileDatabase(path: directory.path + "/absent", dataDirectory: directory.path)
        #expect(try database.allAccounts().isEmpty)
        #expect(try database.account(for: EmailAddress("alice@example.test")!) == nil)
    }

    @Test("the file is read again when another process changes it")
    func reloads() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("users", "alice@example.test:{PLAIN}a\n")
        let database = PasswdFileDatabase(path: path, dataDirectory: directory.path)
        #expect(try database.allAccounts().count == 1)
        try directory.write("users", "alice@example.test:{PLAIN}a\nzed@example.test:{PLAIN}z\n")
        #expect(try database.account(for: EmailAddress("zed@example.test")!) != nil)
        try FileManager.default.removeItem(atPath: path)
        #expect(try database.allAccounts().isEmpty)
    }

    @Test("description does not show the password")
    func description() throws {
        let directory = try TemporaryDirectory()
        let carol = try #require(try database(directory).account(for: EmailAddress("carol@example.test")!))
        #expect("\(carol)".contains("carol@example.test"))
        #expect(!"\(carol)".contains("carol-pw"))
    }
}
