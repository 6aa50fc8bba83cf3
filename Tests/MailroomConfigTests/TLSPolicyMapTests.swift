import Testing
@testable import MailroomConfig

@Suite("smtp_tls_policy_maps")
struct TLSPolicyMapTests {
    @Test("a domain, .domain for its subdomains, [host]:port; match= names split on colons")
    func lookup() throws {
        let map = TLSPolicyMap(try TLSPolicyMap.parse("""
            # per destination
            example.com        secure match=example.com:.Example.com
            .example.com       encrypt
            [relay.example]:587 verify
            insecure.example   none
            """, file: "tls_policy"))
        #expect(map.policy(for: "EXAMPLE.com") == .init(level: .secure, match: ["example.com", ".example.com"]))
        #expect(map.policy(for: "mx.eu.example.com") == .init(level: .encrypt))
        #expect(map.policy(for: "[relay.example]:587") == .init(level: .verify))
        #expect(map.policy(for: "[relay.example]") == nil)
        #expect(map.policy(for: "insecure.example")?.level == SMTPTLSSecurityLevel.none)
        #expect(map.policy(for: "other.org") == nil)
    }

    @Test("protocols= in smtp_tls_protocols form, colons between the items")
    func protocolsAttribute() throws {
        let map = TLSPolicyMap(try TLSPolicyMap.parse("""
            example.com  encrypt protocols=!SSLv2:!SSLv3:!TLSv1:!TLSv1.1
            example.net  secure match=nexthop protocols=>=TLSv1.3
            """, file: "tls_policy"))
        #expect(map.policy(for: "example.com") == .init(level: .encrypt, protocols: .init(minimum: .tls1_2, maximum: .tls1_3)))
        #expect(map.policy(for: "example.net") == .init(level: .secure, match: ["nexthop"],
                                                         protocols: .init(minimum: .tls1_3, maximum: .tls1_3)))
    }

    @Test("an unknown level, dane-only, an attribute other than match= and protocols=, or protocols= that allows nothing is refused, not ignored")
    func refusals() {
        for text in ["example.com maybe", "example.com dane-only", "example.com secure protocols=TLSv9",
                     "example.com secure protocols=<=SSLv3", "example.com verify ciphers=high",
                     "example.com encrypt exclude=3DES", "example.com verify match=", "example.com encrypt protocols",
                     "example.com encrypt protocols=>=TLSv1.2 protocols=>=TLSv1.3", "example.com secure match=a match=b"] {
            #expect(throws: ConfigError.self, "\(text)") { try TLSPolicyMap.parse(text, file: "tls_policy") }
        }
    }

    @Test("smtp_tls_security_level takes Postfix's dane, verify and secure; dane-only is refused")
    func levels() throws {
        #expect(try SMTPTLSSecurityLevel.parse("DANE") == .dane)
        #expect(try SMTPTLSSecurityLevel.parse("verify") == .verify)
        #expect(try SMTPTLSSecurityLevel.parse("secure") == .secure)
        #expect(throws: ValueError.self) { try SMTPTLSSecurityLevel.parse("dane-only") }
    }

    @Test("smtp_tls_verify_cert_match words and names")
    func certificateMatch() throws {
        #expect(try ValueParser.certificateMatch("hostname, nexthop dot-nexthop .Example.org mx.example.net")
                == ["hostname", "nexthop", "dot-nexthop", ".example.org", "mx.example.net"])
        #expect(throws: ValueError.self) { try ValueParser.certificateMatch("host*name") }
    }

    @Test("a protocols= that is not valid is refused naming the entry and the item")
    func protocolsMessage() {
        #expect {
            try TLSPolicyMap.parse("example.com encrypt protocols=!TLSv1:TLSv9", file: "tls_policy")
        } throws: { error in
            "\(error)".contains("example.com: \"protocols=!TLSv1:TLSv9\" is not valid: \"TLSv9\" is not a TLS protocol")
        }
    }
}
