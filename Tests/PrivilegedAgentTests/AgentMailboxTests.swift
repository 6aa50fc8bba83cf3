import Accounts
import Foundation
import Glibc
import MailCore
import MailStore
import Testing
@testable import PrivilegedAgent

/// The mail store working through the agent, as a server that dropped root does: files are made as
/// their owners by the agent, descriptors come back to the caller, and what the policy refuses stays
/// refused. The agent must be root to act as another user, so these need root.
@Suite("mailbox work through the privileged agent (as root)")
struct AgentMailboxTests {
    func store(_ agent: PrivilegedAgent) -> MailboxDeliveryAgent.Configuration {
        MailboxDeliveryAgent.Configuration(hostName: "mail.example.test", fileSystem: AgentMailboxFileSystem(agent: agent))
    }

    /// alice's home (hers, 0700) in `directory`, and the Maildir in it.
    func aliceMaildir(in directory: String) -> MailboxLocation {
        let home = directory + "/alice"
        mkdir(home, 0o700)
        chown(home, alice.uid, alice.gid)
        return MailboxLocation(format: .maildir, path: home + "/Maildir", owner: MailboxOwner(uid: alice.uid, gid: alice.gid))
    }

    func message(_ text: String) -> [[UInt8]] {
        [Array("Subject: test\r\n\r\n\(text)\r\n".utf8)]
    }

    @Test("a Maildir delivery, listing, read and removal are made as the owner")
    func maildir() throws {
        try #require(geteuid() == 0, "needs root to act as another user")
        try withTemporaryDirectory { directory in
            let box = aliceMaildir(in: directory)
            try withAgent(in: directory) { agent, refusals in
                let delivery = MailboxDeliveryAgent(configuration: store(agent))
                let receipt = try delivery.deliver(to: box, envelopeSender: "a@example.test", chunks: message("one"))
                #expect(ownership(receipt.path)! == (alice.uid, alice.gid))
                #expect(ownership(box.path + "/tmp")! == (alice.uid, alice.gid))
                let files = FolderFiles(mailbox: box, configuration: store(agent))
                let listed = try files.list { _ in false }
                #expect(listed.count == 1)
                let read = try files.read(listed[0].key, at: listed[0].location)
                #expect(String(decoding: read, as: UTF8.self) == "Subject: test\r\n\r\none\r\n")
                try files.remove(listed.map { (key: $0.key, location: $0.location) })
                #expect(try files.list { _ in false }.isEmpty)
                #expect(refusals.all.isEmpty)
            }
        }
    }

    @Test("an mbox in a group-writable spool is USER:spool-group 0600, and the maildrop lock works")
    func spoolMbox() throws {
        try #require(geteuid() == 0, "needs root to act as another user")
        try withTemporaryDirectory { directory in
            let spool = directory + "/spool"
            mkdir(spool, 0o2775)
            chown(spool, 0, spoolGroup)
            chmod(spool, 0o2775)
            let box = MailboxLocation(format: .mbox, path: spool + "/alice", owner: MailboxOwner(uid: alice.uid, gid: alice.gid))
            try withAgent(in: directory) { agent, refusals in
                let lock = try MaildropLock.acquire(box, fileSystem: AgentMailboxFileSystem(agent: agent))
                defer { lock.release() }
                let delivery = MailboxDeliveryAgent(configuration: store(agent))
                _ = try delivery.deliver(to: box, envelopeSender: "a@example.test", chunks: message("one"))
                _ = try delivery.deliver(to: box, envelopeSender: "a@example.test", chunks: message("two"))
                #expect(ownership(box.path)! == (alice.uid, spoolGroup))
                let files = FolderFiles(mailbox: box, configuration: store(agent))
                let listed = try files.list { _ in false }
                #expect(listed.count == 2)
                try files.remove([(key: listed[0].key, location: listed[0].location)])
                #expect(try files.list { _ in false }.count == 1)
                #expect(ownership(box.path)! == (alice.uid, spoolGroup))
                #expect(refusals.all.isEmpty)
            }
        }
    }

    @Test("mail for a system account outside the spool is refused by the agent, and stays undelivered")
    func systemAccountRefused() throws {
        try #require(geteuid() == 0, "needs root to act as another user")
        try withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .maildir, path: directory + "/daemon/Maildir", owner: MailboxOwner(uid: 1, gid: 1))
            try withAgent(in: directory) { agent, refusals in
                #expect(throws: MailStoreError.self) {
                    _ = try MailboxDeliveryAgent(configuration: store(agent))
                        .deliver(to: box, envelopeSender: "", chunks: message("x"))
                }
                #expect(!FileManager.default.fileExists(atPath: box.path))
                #expect(refusals.all.contains { $0.contains("first_valid_uid") })
            }
        }
    }

    @Test("root is acted as in the spool only; a path with .. does not get out of it")
    func rootOnlyInSpool() throws {
        try #require(geteuid() == 0, "needs root to act as another user")
        try withTemporaryDirectory { directory in
            mkdir(directory + "/spool", 0o755)
            let fileSystem = AgentMailboxFileSystem(agent: try makeAgentOnly(directory))
            let root = FileSystemIdentity(uid: 0, gid: 0)
            let made = fileSystem.open(directory + "/spool/root", flags: O_RDWR | O_CREAT | O_EXCL, mode: 0o600, as: root)
            guard case .success(let descriptor) = made else {
                Issue.record("the spool file was not made: \(made)")
                return
            }
            #expect(write(descriptor, "x", 1) == 1)
            close(descriptor)
            #expect(fileSystem.open(directory + "/outside", flags: O_RDWR | O_CREAT, mode: 0o600, as: root) == .failure(SystemErrorNumber(EPERM)))
            #expect(fileSystem.unlink(directory + "/spool/../spool/root", as: root) == EPERM)
            #expect(fileSystem.rename(directory + "/spool/root", to: directory + "/stolen", as: root) == EPERM)
            #expect(FileManager.default.fileExists(atPath: directory + "/spool/root"))
        }
    }

    @Test("sixteen threads delivering at once each get a channel, and every message arrives")
    func concurrentDeliveries() throws {
        try #require(geteuid() == 0, "needs root to act as another user")
        try withTemporaryDirectory { directory in
            let box = aliceMaildir(in: directory)
            try withAgent(in: directory) { agent, _ in
                let delivery = MailboxDeliveryAgent(configuration: store(agent))
                let failures = Refusals()
                DispatchQueue.concurrentPerform(iterations: 160) { index in
                    do {
                        _ = try delivery.deliver(to: box, envelopeSender: "", chunks: message("\(index)"))
                    } catch {
                        failures.record("\(error)")
                    }
                }
                #expect(failures.all.isEmpty)
                let delivered = try FolderFiles(mailbox: box, configuration: store(agent)).list { _ in false }.count
                #expect(delivered == 160)
            }
        }
    }

    @Test("a lost agent fails each call with an error, never a hang or a crash")
    func lostAgent() throws {
        let (mine, theirs) = try AgentChannel.pair()
        theirs.close()
        let fileSystem = AgentMailboxFileSystem(agent: PrivilegedAgent(control: mine))
        #expect(fileSystem.unlink("/tmp/x", as: alice) != 0)
        #expect(throws: MailStoreError.self) {
            try fileSystem.checkPath("/tmp", subdirectories: [], owner: alice.uid, as: alice)
        }
    }

    /// An agent whose server outlives the test body (for calls that need no result checks).
    private func makeAgentOnly(_ directory: String) throws -> PrivilegedAgent {
        var agent: PrivilegedAgent?
        try withAgent(in: directory) { made, _ in agent = made }
        return agent!
    }
}

@Suite("password checks by the privileged agent")
struct AgentPasswordTests {
    @Test("the agent checks a system account's password against shadow(5); the caller never sees the hash")
    func shadow() throws {
        try withTemporaryDirectory { directory in
            let hash = try PasswordHash.make(password: "right").passwdFileField.dropFirst("{CRYPT}".count)
            try "alice:x:4242:4243::/home/alice:/bin/sh\n".write(toFile: directory + "/passwd", atomically: true, encoding: .utf8)
            try "alice:\(hash):19000:0:99999:7:::\n".write(toFile: directory + "/shadow", atomically: true, encoding: .utf8)
            let database = SystemUserDatabase(mailDomain: "example.test", passwdPath: directory + "/passwd", shadowPath: directory + "/shadow")
            try withAgent(in: directory, accounts: database) { agent, _ in
                let unprivileged = SystemUserDatabase(mailDomain: "example.test", passwdPath: directory + "/passwd",
                                                      shadowPath: directory + "/no-shadow-here")
                let authenticator = Authenticator(database: unprivileged, defaultDomain: "example.test",
                                                  passwordChecker: AgentPasswordChecker(agent: agent))
                let right = try authenticator.authenticate(login: "alice", password: "right")
                let wrong = try authenticator.authenticate(login: "alice", password: "wrong")
                let unknown = try authenticator.authenticate(login: "nobody", password: "right")
                #expect(right?.uid == 4242)
                #expect(wrong == nil)
                #expect(unknown == nil)
            }
        }
    }
}

@Suite("the agent does not take a subverted server's word")
struct AgentDistrustTests {
    func server(spool: String) -> AgentServer {
        AgentServer(policy: AgentPolicy(spoolDirectories: [spool], firstValidUID: 1000, lastValidUID: nil, virtualOwner: nil,
                                        primaryGroup: { _ in nil }, spoolGroups: { [] }),
                    accounts: nil, onRefusal: { _ in })
    }

    @Test("channels beyond the limit are refused, and a closed one frees its place")
    func channelLimit() {
        let agent = server(spool: "/var/mail")
        var opened: [Int32] = []
        for _ in 0..<PrivilegedAgent.channelLimit {
            let (reply, descriptor) = agent.respond(to: .openChannel, attached: nil)
            #expect(reply.errorNumber == 0)
            descriptor.map { opened.append($0) }
        }
        #expect(opened.count == PrivilegedAgent.channelLimit)
        #expect(agent.respond(to: .openChannel, attached: nil).0.errorNumber == EMFILE)
        // Closing our end ends the agent's thread for it, which gives its place back.
        close(opened.removeLast())
        var reopened: Int32?
        for _ in 0..<200 where reopened == nil {
            let (reply, descriptor) = agent.respond(to: .openChannel, attached: nil)
            if reply.errorNumber == 0 { reopened = descriptor } else { usleep(10_000) }
        }
        #expect(reopened != nil)
        (opened + [reopened].compactMap { $0 }).forEach { close($0) }
    }

    @Test("a path check's subdirectories are names below the path, never a way out of it", arguments: ["..", "../etc", "a/b", "."])
    func subdirectoryNames(name: String) throws {
        try withTemporaryDirectory { directory in
            let reply = server(spool: directory).respond(
                to: .checkPath(path: directory, subdirectories: ["cur", name], owner: 0, actor: FileSystemIdentity(uid: 0, gid: 0)),
                attached: nil).0
            #expect(reply.errorNumber == EPERM)
        }
    }
}
