import MailCore
import MailRouting
import Testing

/// Relay control: the acceptance suite's test_05_relay.py, where loopback is outside mynetworks.
@Suite("Relay control")
struct RelayControlTests {
    @Test("an unauthenticated client outside mynetworks may not relay: 554 5.7.1")
    func relayDenied() throws {
        let router = try Scenario.router()
        let rejection = try #require(router.route(recipient: "someone@elsewhere.test", client: .outsider).rejection)
        #expect(rejection.reason == .relayDenied)
        #expect(rejection.replyCode == 554 && rejection.enhancedStatus == "5.7.1")
        #expect(rejection.text == "<someone@elsewhere.test>: Relay access denied")
        #expect(router.status("someone@elsewhere.test", client: ClientContext(address: nil, isAuthenticated: false))
                == "554 5.7.1")
    }

    @Test("an authenticated client may relay anywhere")
    func authenticatedRelay() throws {
        let router = try Scenario.router()
        #expect(router.route(recipient: "Someone@Elsewhere.test", client: .authenticated) == .accept([
            MessageRecipient(address: "Someone@elsewhere.test", isLocal: false)
        ]))
    }

    @Test("a client inside mynetworks may relay without authenticating, IPv4-mapped IPv6 too")
    func mynetworksRelay() throws {
        let router = try Scenario.router()
        #expect(router.addresses("someone@elsewhere.test", client: .trusted) == ["someone@elsewhere.test"])
        let mapped = ClientContext(address: IPAddress("::ffff:192.0.2.99"), isAuthenticated: false)
        #expect(router.addresses("someone@elsewhere.test", client: mapped) == ["someone@elsewhere.test"])
        let outside = ClientContext(address: IPAddress("198.51.100.1"), isAuthenticated: false)
        #expect(router.status("someone@elsewhere.test", client: outside) == "554 5.7.1")
    }

    @Test("relay_domains are accepted from anyone, subdomains included as in Postfix")
    func relayDomains() throws {
        let router = try Scenario.router()
        #expect(router.route(recipient: "bob@partner.test", client: .outsider).recipients == [
            MessageRecipient(address: "bob@partner.test", isLocal: false)
        ])
        #expect(router.addresses("bob@mx.Partner.test") == ["bob@mx.partner.test"])
        #expect(router.status("bob@notpartner.test") == "554 5.7.1")
    }

    @Test("local delivery needs no authentication")
    func localNeedsNoAuth() throws {
        let router = try Scenario.router()
        #expect(router.addresses("root@example.test") == ["root@example.test"])
    }

    @Test("a local-looking local part does not open a relay")
    func noPercentHack() throws {
        let router = try Scenario.router()
        #expect(router.status("someone%elsewhere.test@example.test") == "550 5.1.1")
        #expect(router.status("\"someone@elsewhere.test\"@example.test") == "550 5.1.1")
        #expect(router.status("root@example.test@elsewhere.test") == "554 5.7.1")
    }
}
