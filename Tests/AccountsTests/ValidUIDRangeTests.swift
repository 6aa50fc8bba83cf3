import Accounts
import MailCore
import Synchronization
import Testing

@Suite("first_valid_uid / last_valid_uid (Dovecot)")
struct ValidUIDRangeTests {
    /// The reasons the authenticator reported.
    final class Refusals: Sendable {
        private let reasons = Mutex<[String]>([])
        func add(_ reason: String) { reasons.withLock { $0.append(reason) } }
        var all: [String] { reasons.withLock { $0 } }
    }

    /// Root and a system account (as `useradd -r` makes them) have passwords; so do an ordinary user, a
    /// passwd-file line with a uid field and a virtual user without one.
    private func authenticator(
        _ directory: TemporaryDirectory, _ range: ValidUIDRange, refusals: Refusals
    ) throws -> Authenticator {
        let hash = "{CRYPT}\(Fixture.yescrypt)"
        let path = try directory.write("users", """
            root@example.test:\(hash):0:0::/root::
            daemon@example.test:\(hash):998:998::/var/lib/daemon::
            alice@example.test:\(hash):1000:1000::/home/alice::
            nobody@example.test:\(hash):65534:65534::/nonexistent::
            virtual@example.test:\(hash)::::::

            """)
        return Authenticator(
            database: PasswdFileDatabase(path: path, dataDirectory: directory.path), defaultDomain: "example.test",
            validUIDs: range
        ) { account, reason in
            refusals.add("\(account.name): \(reason)")
        }
    }

    @Test("root and system accounts fail like a wrong password; the reason goes to the observer only")
    func belowFirst() throws {
        let directory = try TemporaryDirectory()
        let refusals = Refusals()
        let authenticator = try authenticator(directory, ValidUIDRange(first: 1000, last: nil), refusals: refusals)
        #expect(try authenticator.authenticate(login: "root", password: Fixture.password) == nil)
        #expect(try authenticator.authenticate(login: "daemon", password: Fixture.password) == nil)
        #expect(try authenticator.authenticate(login: "alice", password: Fixture.password)?.name == "alice@example.test")
        #expect(try authenticator.authenticate(login: "nobody", password: Fixture.password) != nil)
        #expect(refusals.all == [
            "root@example.test: uid 0 is below first_valid_uid 1000",
            "daemon@example.test: uid 998 is below first_valid_uid 1000",
        ])
    }

    @Test("a wrong password for a refused account is just a wrong password")
    func wrongPassword() throws {
        let directory = try TemporaryDirectory()
        let refusals = Refusals()
        let authenticator = try authenticator(directory, ValidUIDRange(first: 1000, last: nil), refusals: refusals)
        #expect(try authenticator.authenticate(login: "root", password: "guess") == nil)
        #expect(refusals.all.isEmpty)
    }

    @Test("last_valid_uid is an upper limit")
    func aboveLast() throws {
        let directory = try TemporaryDirectory()
        let refusals = Refusals()
        let authenticator = try authenticator(directory, ValidUIDRange(first: 1000, last: 60000), refusals: refusals)
        #expect(try authenticator.authenticate(login: "nobody", password: Fixture.password) == nil)
        #expect(try authenticator.authenticate(login: "alice", password: Fixture.password) != nil)
        #expect(refusals.all == ["nobody@example.test: uid 65534 is above last_valid_uid 60000"])
    }

    @Test("a virtual user without a uid field is not checked (its mail belongs to virtual_uid)")
    func virtualUser() throws {
        let directory = try TemporaryDirectory()
        let refusals = Refusals()
        let authenticator = try authenticator(directory, ValidUIDRange(first: 1000, last: 1000), refusals: refusals)
        #expect(try authenticator.authenticate(login: "virtual", password: Fixture.password) != nil)
    }
}
