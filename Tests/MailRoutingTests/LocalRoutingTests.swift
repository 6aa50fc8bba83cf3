import MailCore
import MailRouting
import Testing

/// Local recipients: the acceptance suite's aliases scenario (test_04_aliases.py) and the account
/// mapping behind `Delivered-To` and `X-Original-To`.
@Suite("Local recipients")
struct LocalRoutingTests {
    @Test("team: xiong, root reaches both members, with X-Original-To team@")
    func teamAlias() throws {
        let router = try Scenario.router()
        let decision = router.route(recipient: "team@example.test", client: .outsider)
        #expect(decision == .accept([
            MessageRecipient(address: "xiong@example.test", originalRecipient: "team@example.test", isLocal: true),
            MessageRecipient(address: "root@example.test", originalRecipient: "team@example.test", isLocal: true),
        ]))
    }

    @Test("postmaster goes to root; Delivered-To is the account's address")
    func postmaster() throws {
        let router = try Scenario.router()
        #expect(router.route(recipient: "postmaster@example.test", client: .outsider).recipients == [
            MessageRecipient(address: "root@example.test", originalRecipient: "postmaster@example.test", isLocal: true)
        ])
        #expect(router.route(recipient: "postmaster@mail.example.test", client: .outsider).recipients == [
            MessageRecipient(address: "root@example.test", originalRecipient: "postmaster@mail.example.test", isLocal: true)
        ])
    }

    @Test("abuse: postmaster nests to root, with X-Original-To abuse@")
    func nestedAlias() throws {
        let router = try Scenario.router()
        #expect(router.route(recipient: "abuse@example.test", client: .outsider).recipients == [
            MessageRecipient(address: "root@example.test", originalRecipient: "abuse@example.test", isLocal: true)
        ])
    }

    @Test("alias and account look-ups ignore case")
    func anyCase() throws {
        let router = try Scenario.router()
        #expect(router.addresses("Team@EXAMPLE.TEST") == ["xiong@example.test", "root@example.test"])
        #expect(router.addresses("ROOT@Example.Test") == ["root@example.test"])
    }

    @Test("a direct delivery has no original recipient; the queue writes X-Original-To from the address")
    func directDelivery() throws {
        let router = try Scenario.router()
        #expect(router.route(recipient: "xiong@example.test", client: .outsider).recipients == [
            MessageRecipient(address: "xiong@example.test", isLocal: true)
        ])
    }

    @Test("every mydestination domain shares one set of users: root@localhost is root@example.test")
    func sharedUsers() throws {
        let router = try Scenario.router()
        #expect(router.route(recipient: "root@localhost", client: .outsider).recipients == [
            MessageRecipient(address: "root@example.test", originalRecipient: "root@localhost", isLocal: true)
        ])
        #expect(router.addresses("xiong@localhost.example.test") == ["xiong@example.test"])
        #expect(router.addresses("team@mail.example.test") == ["xiong@example.test", "root@example.test"])
    }

    @Test("recipient_delimiter: xiong+tag@ is delivered to xiong, the tag kept in X-Original-To")
    func extensions() throws {
        let router = try Scenario.router()
        #expect(router.route(recipient: "xiong+tag@example.test", client: .outsider).recipients == [
            MessageRecipient(address: "xiong@example.test", originalRecipient: "xiong+tag@example.test", isLocal: true)
        ])
        #expect(router.addresses("team+news@example.test") == ["xiong@example.test", "root@example.test"])
        #expect(router.status("nobody+tag@example.test") == "550 5.1.1")
    }

    @Test("an account whose name has the delimiter is found before the stripped name")
    func accountWithDelimiter() throws {
        let router = try Scenario.router(accounts: Scenario.accounts + ["john+doe@example.test"])
        #expect(router.addresses("john+doe@example.test") == ["john+doe@example.test"])
    }

    @Test("unknown local user: 550 5.1.1 in Postfix's words")
    func unknownUser() throws {
        let router = try Scenario.router()
        let rejection = try #require(router.route(recipient: "nobody@example.test", client: .outsider).rejection)
        #expect(rejection.reason == .unknownUser)
        #expect(rejection.replyCode == 550 && rejection.enhancedStatus == "5.1.1")
        #expect(rejection.text == "<nobody@example.test>: Recipient address rejected: User unknown in local recipient table")
        #expect(rejection.isPermanent)
    }

    @Test("unknown local users are refused for authenticated and trusted clients too")
    func unknownUserWhoeverAsks() throws {
        let router = try Scenario.router()
        #expect(router.status("ghost@example.test", client: .authenticated) == "550 5.1.1")
        #expect(router.status("ghost@localhost", client: .trusted) == "550 5.1.1")
    }

    @Test("an alias loop is refused with 5.4.6, naming the alias in the log detail only")
    func aliasLoop() throws {
        let router = try Scenario.router(aliases: Scenario.aliases + "\nping: pong\npong: ping\n")
        let rejection = try #require(router.route(recipient: "ping@example.test", client: .outsider).rejection)
        #expect(rejection.reason == .aliasProblem)
        #expect(rejection.replyCode == 550 && rejection.enhancedStatus == "5.4.6")
        #expect(rejection.text == "<ping@example.test>: Recipient address rejected: alias database loop")
        #expect(rejection.detail?.contains("ping -> pong -> ping") == true)
    }

    @Test("an alias to a remote address is relayed, whoever the client is")
    func aliasToRemote() throws {
        let router = try Scenario.router(aliases: "friend: pal@Elsewhere.TEST, xiong\n")
        #expect(router.route(recipient: "friend@example.test", client: .outsider) == .accept([
            MessageRecipient(address: "pal@elsewhere.test", originalRecipient: "friend@example.test", isLocal: false),
            MessageRecipient(address: "xiong@example.test", originalRecipient: "friend@example.test", isLocal: true),
        ]))
    }

    @Test("|program and /file destinations are refused with 5.3.0; the alias's other destinations still go")
    func programsAndFiles() throws {
        let router = try Scenario.router(aliases: """
            vacation: "|/usr/bin/vacation xiong", xiong
            archive: /var/mail/archive
            """)
        var dropped: [RoutingRejection] = []
        let decision = router.route(recipient: "vacation@example.test", client: .outsider, dropped: &dropped)
        #expect(decision.recipients?.map(\.address) == ["xiong@example.test"])
        #expect(dropped.map(\.reason) == [.unsupportedDestination])
        #expect(dropped.first?.enhancedStatus == "5.3.0")

        let rejection = try #require(router.route(recipient: "archive@example.test", client: .outsider).rejection)
        #expect(rejection.replyCode == 550 && rejection.enhancedStatus == "5.3.0")
        #expect(rejection.text.contains("delivery to programs and files is not supported"))
    }

    @Test("an alias member without an account is dropped; an alias of only such members is 550 5.1.1")
    func aliasToUnknownUser() throws {
        let router = try Scenario.router(aliases: "crew: xiong, ghost\nphantoms: ghost, spectre\n")
        var dropped: [RoutingRejection] = []
        let decision = router.route(recipient: "crew@example.test", client: .outsider, dropped: &dropped)
        #expect(decision.recipients?.map(\.address) == ["xiong@example.test"])
        #expect(dropped.map(\.reason) == [.unknownUser])
        #expect(dropped.first?.detail?.contains("ghost@example.test") == true)
        #expect(router.status("phantoms@example.test") == "550 5.1.1")
    }

    @Test("destinations that reach the same account are delivered once")
    func deduplication() throws {
        let router = try Scenario.router(aliases: "both: xiong, xiong@localhost, XIONG+x@example.test\n")
        #expect(router.addresses("both@example.test") == ["xiong@example.test"])
    }

    @Test("an unreadable account database is 451 4.3.0, the reason kept for the log")
    func databaseError() throws {
        let router = try Scenario.router(users: BrokenUserDatabase())
        let rejection = try #require(router.route(recipient: "team@example.test", client: .outsider).rejection)
        #expect(rejection.reason == .temporaryFailure)
        #expect(rejection.replyCode == 451 && rejection.enhancedStatus == "4.3.0")
        #expect(rejection.text == "<team@example.test>: Temporary lookup failure")
        #expect(rejection.detail?.contains("permission denied") == true)
        #expect(!rejection.isPermanent)
        // Relaying needs no account look-up.
        #expect(router.addresses("someone@elsewhere.test", client: .authenticated) == ["someone@elsewhere.test"])
    }

    @Test("a domain with a trailing dot is the same domain")
    func trailingDot() throws {
        let router = try Scenario.router()
        #expect(router.addresses("root@example.test.") == ["root@example.test"])
    }

    @Test("a recipient that is not an address is 501 5.1.3")
    func badAddress() throws {
        let router = try Scenario.router()
        #expect(router.status("@example.test") == "501 5.1.3")
        #expect(router.status("root@") == "501 5.1.3")
        #expect(router.status("") == "501 5.1.3")
    }
}
