import Accounts
import MailCore
import Testing

@Suite("Authenticator")
struct AuthenticatorTests {
    private func authenticator(_ directory: TemporaryDirectory) throws -> Authenticator {
        let path = try directory.write("users", """
            alice@example.test:{CRYPT}\(Fixture.yescrypt)
            bob@other.test:{SHA512-CRYPT}\(Fixture.sha512)

            """)
        return Authenticator(database: PasswdFileDatabase(path: path, dataDirectory: directory.path), defaultDomain: "Example.test")
    }

    @Test("a bare login means login@mydomain", arguments: ["alice", "ALICE", "alice@example.test", "Alice@EXAMPLE.test"])
    func logins(login: String) throws {
        let directory = try TemporaryDirectory()
        let account = try authenticator(directory).authenticate(login: login, password: Fixture.password)
        #expect(account?.name == "alice@example.test")
    }

    @Test("accounts in other domains need the full address")
    func otherDomain() throws {
        let directory = try TemporaryDirectory()
        let authenticator = try authenticator(directory)
        #expect(try authenticator.authenticate(login: "bob@other.test", password: Fixture.password) != nil)
        #expect(try authenticator.authenticate(login: "bob", password: Fixture.password) == nil)
    }

    @Test("wrong passwords, unknown users and malformed logins all fail alike", arguments: [
        ("alice", "correct horsE"), ("alice", ""), ("nobody", Fixture.password), ("", Fixture.password),
        ("alice@", Fixture.password), ("a lice", Fixture.password),
    ])
    func failures(login: String, password: String) throws {
        let directory = try TemporaryDirectory()
        #expect(try authenticator(directory).authenticate(login: login, password: password) == nil)
    }
}
