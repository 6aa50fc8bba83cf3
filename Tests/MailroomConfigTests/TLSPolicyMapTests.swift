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

    @Test("an unknown level, dane-only, or an attribute other than match= is refused, not ignored")
    func refusals() {
        for text in ["example.com maybe", "example.com dane-only", "example.com secure protocols=!SSLv2",
                     "example.com verify ciphers=high"] {
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
}
