import MailCore
import MailRouting
import MailroomConfig
import Testing

/// `relay_recipient_maps` and `smtpd_sender_login_maps`: Postfix lookup tables over the router.
@Suite("Lookup tables: relay recipients and sender logins")
struct TableTests {
    @Test("relay_recipient_maps: listed recipients (full address, @domain) are accepted, others 550 5.1.1 at RCPT")
    func relayRecipients() throws {
        let router = try Scenario.router(tables: .init(relayRecipients: LookupTable(["alice@partner.test": "OK"])))
        #expect(router.addresses("Alice@partner.test") == ["Alice@partner.test"])
        #expect(router.addresses("alice+tag@partner.test") == ["alice+tag@partner.test"], "the extension is stripped to look up")
        let rejection = try #require(router.route(recipient: "forged@partner.test", client: .outsider).rejection)
        #expect(rejection.replyCode == 550 && rejection.enhancedStatus == "5.1.1")
        #expect(rejection.text.contains("User unknown in relay recipient table"))
        let wildcard = try Scenario.router(tables: .init(relayRecipients: LookupTable(["@partner.test": "OK"])))
        #expect(wildcard.addresses("anyone@partner.test") == ["anyone@partner.test"])
        #expect(try Scenario.router().addresses("anyone@partner.test") == ["anyone@partner.test"],
                "without relay_recipient_maps every recipient of a relay domain is accepted, as in Postfix")
    }

    @Test("an account owns its address, its extensions and aliases that reach it alone; nothing else")
    func ownSenders() throws {
        let router = try Scenario.router()
        #expect(router.isSender("root@example.test", ownedBy: "root@example.test"))
        #expect(router.isSender("ROOT+lists@example.test", ownedBy: "root@example.test"))
        #expect(router.isSender("root@mail.example.test", ownedBy: "root@example.test"), "another local domain")
        #expect(router.isSender("postmaster@example.test", ownedBy: "root@example.test"), "postmaster: root")
        #expect(!router.isSender("team@example.test", ownedBy: "root@example.test"), "team reaches xiong too")
        #expect(!router.isSender("xiong@example.test", ownedBy: "root@example.test"))
        #expect(!router.isSender("root@elsewhere.test", ownedBy: "root@example.test"))
    }

    @Test("smtpd_sender_login_maps: an entry decides alone; owners may be bare names")
    func senderLoginMaps() throws {
        let table = LookupTable(["team@example.test": "xiong, root@example.test", "@partner.test": "xiong",
                                 "root@example.test": "xiong"])
        let router = try Scenario.router(tables: .init(senderLogins: table))
        #expect(router.isSender("team@example.test", ownedBy: "xiong@example.test"))
        #expect(router.isSender("team@example.test", ownedBy: "root@example.test"))
        #expect(router.isSender("someone@partner.test", ownedBy: "xiong@example.test"))
        #expect(!router.isSender("someone@partner.test", ownedBy: "root@example.test"))
        #expect(!router.isSender("root@example.test", ownedBy: "root@example.test"), "the map's entry overrides")
    }

    @Test("table files: comments, continuation lines, first key wins, FILE:LINE errors, reload on change")
    func tableFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("relay", "# relay recipients\nalice@partner.test OK\nBob@Partner.test\n  OK too\nalice@partner.test REJECT\n")
        var table = try LookupTable.load(paths: [path])
        #expect(table.value(forKey: "alice@partner.test") == "OK")
        #expect(table.value(forKey: "bob@partner.test") == "OK too")
        #expect(try !table.reloadIfChanged())
        _ = try directory.write("relay", "carol@partner.test OK\n")
        #expect(try table.reloadIfChanged())
        #expect(table.value(forKey: "carol@partner.test") == "OK" && table.value(forKey: "alice@partner.test") == nil)
        let broken = try directory.write("broken", "ok@x.test OK\nlonely\n")
        #expect(throws: ConfigError.self) { try LookupTable.load(paths: [broken]) }
        #expect(LookupTable.none.isConfigured == false)
        #expect(try LookupTable.load(paths: [directory.path + "/missing"]).isConfigured)
    }
}
