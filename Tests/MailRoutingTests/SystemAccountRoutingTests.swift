import Accounts
import MailCore
import MailRouting
import Testing

/// `user_database = system`: routing needs passwd(5) only.
@Suite("Local recipients with system accounts")
struct SystemAccountRoutingTests {
    @Test("routing finds system accounts without opening /etc/shadow (it may be unreadable)")
    func routingNeedsNoShadow() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let passwd = try directory.write("passwd", "root:x:0:0:root:/root:/bin/bash\nxiong:x:1000:1000::/home/xiong:/bin/sh\n")
        // A directory cannot be read as a file, not even by root: any attempt to read shadow would fail.
        let users = SystemUserDatabase(mailDomain: "example.test", passwdPath: passwd, shadowPath: directory.path)
        let router = try Scenario.router(users: users)
        #expect(router.route(recipient: "team@example.test", client: .outsider) == .accept([
            MessageRecipient(address: "xiong@example.test", originalRecipient: "team@example.test", isLocal: true),
            MessageRecipient(address: "root@example.test", originalRecipient: "team@example.test", isLocal: true),
        ]))
        #expect(router.route(recipient: "nobody@example.test", client: .outsider).rejection?.reason == .unknownUser)
        #expect(throws: AccountsError.self) { try users.account(for: EmailAddress("root@example.test")!) }
    }
}
