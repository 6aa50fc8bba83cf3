import MailCore
import MailRouting
import MailroomConfig
import Testing

/// Bare names: RFC 5321 §4.1.1.3's `postmaster` and Postfix's `append_at_myorigin`.
@Suite("Unqualified addresses")
struct QualificationTests {
    @Test("RFC 5321 4.1.1.3 RCPT TO:<postmaster> without a domain reaches the postmaster")
    func barePostmaster() throws {
        let router = try Scenario.router()
        #expect(router.route(recipient: "postmaster", client: .outsider).recipients == [
            MessageRecipient(address: "root@example.test", originalRecipient: "postmaster@example.test", isLocal: true)
        ])
        #expect(router.addresses("PostMaster") == ["root@example.test"])
    }

    @Test("an unqualified recipient gets @myorigin")
    func unqualifiedRecipient() throws {
        let router = try Scenario.router()
        #expect(router.route(recipient: "xiong", client: .outsider).recipients == [
            MessageRecipient(address: "xiong@example.test", originalRecipient: "xiong@mail.example.test", isLocal: true)
        ])
        #expect(router.status("nobody") == "550 5.1.1")
    }

    @Test("an unqualified recipient follows relay control when myorigin is not local")
    func unqualifiedRemote() throws {
        var policy = Scenario.policy
        policy.myorigin = "elsewhere.test"
        #expect(policy.qualify(recipient: "xiong") == "xiong@elsewhere.test")
        #expect(policy.qualify(recipient: "postmaster") == "postmaster@example.test")
    }

    @Test("unqualified senders get @myorigin; the null sender and full addresses stay")
    func senders() throws {
        let router = try Scenario.router()
        #expect(router.qualify(sender: "xiong") == "xiong@mail.example.test")
        #expect(router.qualify(sender: "") == "")
        #expect(router.qualify(sender: "friend@Outside.test") == "friend@Outside.test")
    }
}

/// The policy from main.cf settings.
@Suite("Routing policy")
struct RoutingPolicyTests {
    @Test("built from Settings: mydestination, relay_domains, mynetworks, delimiter, myorigin, mydomain")
    func fromSettings() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let settings = try Scenario.settings(aliasFile: directory.path + "/aliases", extra: [
            "relay_domains = Partner.test",
            "recipient_delimiter = +-",
            "myorigin = $mydomain",
        ])
        let policy = RoutingPolicy(settings: settings)
        #expect(policy.localDomains == ["mail.example.test", "localhost.example.test", "localhost", "example.test"])
        #expect(policy.relayDomains == ["partner.test"])
        #expect(policy.mynetworks == [IPNetwork("192.0.2.0/24")!])
        #expect(policy.recipientDelimiter == "+-")
        #expect(policy.myorigin == "example.test")
        #expect(policy.mydomain == "example.test")
    }

    @Test("isLocalDomain ignores case and a trailing dot; subdomains are not local")
    func localDomains() {
        let policy = Scenario.policy
        #expect(policy.isLocalDomain("EXAMPLE.test"))
        #expect(policy.isLocalDomain("localhost."))
        #expect(!policy.isLocalDomain("sub.example.test"))
        #expect(!policy.isLocalDomain("elsewhere.test"))
    }

    @Test("a relay_domains entry with a leading dot matches subdomains only")
    func dottedRelayDomain() {
        let policy = RoutingPolicy(localDomains: ["example.test"], relayDomains: [".partner.test"],
                                   myorigin: "example.test", mydomain: "example.test")
        #expect(policy.isRelayDomain("mx.partner.test"))
        #expect(!policy.isRelayDomain("partner.test"))
    }

    @Test("several recipient_delimiter characters each start an extension")
    func severalDelimiters() throws {
        var policy = Scenario.policy
        policy.recipientDelimiter = "+-"
        let router = RecipientRouter(policy: policy, aliases: .init([]), users: MemoryUserDatabase(Scenario.accounts))
        #expect(router.addresses("xiong-lists@example.test") == ["xiong@example.test"])
        policy.recipientDelimiter = ""
        let none = RecipientRouter(policy: policy, aliases: .init([]), users: MemoryUserDatabase(Scenario.accounts))
        #expect(none.status("xiong+tag@example.test") == "550 5.1.1")
    }
}
