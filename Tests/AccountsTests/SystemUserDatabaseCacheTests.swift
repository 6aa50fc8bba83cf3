import Glibc
import MailCore
import Synchronization
import Testing

@testable import Accounts

/// The file reader the server uses, counting what each path costs.
private final class CountingReader: Sendable {
    private let counts = Mutex<[String: (stats: Int, reads: Int)]>([:])

    var reader: DatabaseFileReader {
        DatabaseFileReader(
            version: { path in
                self.counts.withLock { $0[path, default: (0, 0)].stats += 1 }
                return try DatabaseFile.version(of: path)
            },
            read: { path in
                self.counts.withLock { $0[path, default: (0, 0)].reads += 1 }
                return try DatabaseFile.read(path)
            })
    }

    func reads(_ path: String) -> Int { counts.withLock { $0[path]?.reads ?? 0 } }
    func stats(_ path: String) -> Int { counts.withLock { $0[path]?.stats ?? 0 } }
}

@Suite("system user database: files read once per change, shadow only to authenticate")
struct SystemUserDatabaseCacheTests {
    /// A database over the usual test files, read through a counting reader.
    private static func database() throws -> (TemporaryDirectory, CountingReader, SystemUserDatabase) {
        let directory = try TemporaryDirectory()
        let passwd = try directory.write("passwd", SystemUserDatabaseTests.passwd)
        let shadow = try directory.write("shadow", SystemUserDatabaseTests.shadow)
        let counter = CountingReader()
        let database = SystemUserDatabase(mailDomain: "example.test", passwdPath: passwd, shadowPath: shadow,
                                          reader: counter.reader)
        return (directory, counter, database)
    }

    @Test("lookups for routing and delivery read passwd once and never touch shadow")
    func routingLookups() throws {
        let (directory, counter, database) = try Self.database()
        let (passwd, shadow) = (database.passwdPath, database.shadowPath)
        for name in ["alice", "bob", "nobody", "ALICE", "carol"] {
            _ = try database.accountWithoutPassword(for: EmailAddress("\(name)@example.test")!)
        }
        let alice = try #require(try database.accountWithoutPassword(for: EmailAddress("alice@example.test")!))
        #expect(alice.home == "/home/alice" && alice.uid == 1000)
        #expect(!alice.passwordHash.verify(Fixture.password), "no password without shadow")
        #expect(counter.reads(passwd) == 1)
        #expect(counter.stats(passwd) == 6, "one stat(2) per lookup, to notice a change")
        #expect(counter.reads(shadow) == 0 && counter.stats(shadow) == 0)
        withExtendedLifetime(directory) {}
    }

    @Test("authentication reads shadow once too; a changed file is read again at the next lookup")
    func changesAreSeen() throws {
        let (directory, counter, database) = try Self.database()
        let (passwd, shadow) = (database.passwdPath, database.shadowPath)
        for _ in 0..<3 {
            #expect(try database.account(for: EmailAddress("alice@example.test")!)?.passwordHash.verify(Fixture.password) == true)
        }
        #expect(counter.reads(passwd) == 1 && counter.reads(shadow) == 1)

        // useradd and passwd replace the files (a new inode), as does this.
        try directory.write("passwd.new", SystemUserDatabaseTests.passwd + "dave:x:1003:1003::/home/dave:/bin/sh\n")
        try directory.write("shadow.new", SystemUserDatabaseTests.shadow + "dave:\(Fixture.sha512):19000:0:99999:7:::\n")
        #expect(rename(passwd + ".new", passwd) == 0 && rename(shadow + ".new", shadow) == 0)
        #expect(try database.account(for: EmailAddress("dave@example.test")!)?.passwordHash.verify(Fixture.password) == true)
        #expect(counter.reads(passwd) == 2 && counter.reads(shadow) == 2)
    }
}
