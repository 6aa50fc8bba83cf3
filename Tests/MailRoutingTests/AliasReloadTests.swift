import Foundation
import MailCore
import MailRouting
import MailroomConfig
import Synchronization
import Testing

/// Aliases files are watched: an edit takes effect within `aliasCheckInterval`, with no `newaliases`.
@Suite("Alias reloading")
struct AliasReloadTests {
    @Test("an edited aliases file is used after the check interval, not before")
    func editTakesEffect() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("aliases", Scenario.aliases)
        let clock = ManualClock()
        let router = RecipientRouter(
            policy: Scenario.policy, aliases: try AliasTable.load(paths: [file]),
            users: MemoryUserDatabase(Scenario.accounts), now: { clock.now })
        #expect(router.status("sales@example.test") == "550 5.1.1")

        _ = try directory.write("aliases", Scenario.aliases + "\nsales: xiong, root\n")
        clock.advance(by: .milliseconds(500))
        #expect(router.status("sales@example.test") == "550 5.1.1", "checked at most once per interval")
        clock.advance(by: .milliseconds(500))
        #expect(router.addresses("sales@example.test") == ["xiong@example.test", "root@example.test"])
        #expect(router.addresses("team@example.test") == ["xiong@example.test", "root@example.test"])
    }

    @Test("the router made from Settings reads alias_maps, and a file created later is picked up")
    func fromSettings() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let settings = try Scenario.settings(aliasFile: directory.path + "/aliases")
        let router = try RecipientRouter(settings: settings, users: MemoryUserDatabase(Scenario.accounts))
        #expect(router.status("team@example.test") == "550 5.1.1")
        _ = try directory.write("aliases", Scenario.aliases)
        #expect(try router.reloadAliases())
        #expect(router.addresses("team@example.test") == ["xiong@example.test", "root@example.test"])
        #expect(try !router.reloadAliases())
    }

    @Test("a broken edit is reported once and the previous aliases stay in use")
    func brokenEdit() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("aliases", Scenario.aliases)
        let clock = ManualClock()
        let errors = Mutex<[ConfigError]>([])
        let router = RecipientRouter(
            policy: Scenario.policy, aliases: try AliasTable.load(paths: [file]),
            users: MemoryUserDatabase(Scenario.accounts), now: { clock.now },
            onAliasError: { error in errors.withLock { $0.append(error) } })

        _ = try directory.write("aliases", Scenario.aliases + "\nthis line has no colon\n")
        clock.advance(by: .seconds(1))
        #expect(router.addresses("team@example.test") == ["xiong@example.test", "root@example.test"])
        clock.advance(by: .seconds(1))
        #expect(router.addresses("postmaster@example.test") == ["root@example.test"])
        #expect(errors.withLock { $0.count } == 1)
        #expect(errors.withLock { $0.first?.line } == 4)
    }
}
