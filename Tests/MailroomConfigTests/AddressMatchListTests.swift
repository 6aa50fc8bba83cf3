import MailCore
import Testing
@testable import MailroomConfig

@Suite("named.conf: address match lists")
struct AddressMatchListTests {
    /// Parses `acl test { BODY };` after `prelude`, returning the `test` list.
    private func list(_ body: String, prelude: String = "") throws -> AddressMatchList {
        let conf = try NamedConfTestSupport.parse(prelude + "\nacl test { \(body) };\n")
        return try #require(conf.acls.first { $0.name == "test" }?.list)
    }

    private func allows(_ list: AddressMatchList, _ address: String, key: String? = nil) throws -> Bool {
        list.matches(address: try NamedConfTestSupport.ip(address), keyName: key)
    }

    @Test("the first matching element decides, so a negation before a prefix carves a hole")
    func negationFirst() throws {
        let acl = try list("!192.0.2.1; 192.0.2.0/24;")
        #expect(try !allows(acl, "192.0.2.1"))
        #expect(try allows(acl, "192.0.2.2"))
        #expect(try !allows(acl, "198.51.100.1"))
    }

    @Test("a negation after the prefix that contains it never takes effect")
    func negationAfter() throws {
        let acl = try list("192.0.2.0/24; !192.0.2.1;")
        #expect(try allows(acl, "192.0.2.1"))
    }

    @Test("no match denies; any allows; none and !any deny")
    func builtins() throws {
        #expect(try !allows(list("192.0.2.0/24;"), "10.0.0.1"))
        #expect(try allows(list("any;"), "10.0.0.1"))
        #expect(try allows(list("any;"), "2001:db8::1"))
        #expect(try !allows(list("none;"), "10.0.0.1"))
        #expect(try !allows(list("!any; any;"), "10.0.0.1"))
        #expect(try allows(list("!10.0.0.1; any;"), "10.0.0.2"))
    }

    @Test("localhost and localnets are the loopback addresses")
    func loopback() throws {
        for name in ["localhost", "localnets"] {
            let acl = try list("\(name);")
            #expect(try allows(acl, "127.0.0.1"))
            #expect(try allows(acl, "127.8.9.10"))
            #expect(try allows(acl, "::1"))
            #expect(try allows(acl, "::ffff:127.0.0.1"))
            #expect(try !allows(acl, "192.168.1.1"))
        }
    }

    @Test("IPv6 prefixes and BIND's short IPv4 prefixes")
    func prefixes() throws {
        let acl = try list("2001:db8::/32; 10/8; 172.16/12;")
        #expect(try allows(acl, "2001:db8:1::5"))
        #expect(try !allows(acl, "2001:db9::1"))
        #expect(try allows(acl, "10.200.0.1"))
        #expect(try allows(acl, "172.31.255.255"))
        #expect(try !allows(acl, "172.32.0.1"))
        #expect(acl.description == "{ 2001:db8::/32; 10.0.0.0/8; 172.16.0.0/12; }")
    }

    @Test("a nested list matches as a unit; an inner denial is no match, not an outer denial")
    func nested() throws {
        let acl = try list("{ !192.0.2.1; 192.0.2.0/24; }; 192.0.2.1;")
        #expect(try allows(acl, "192.0.2.2"))
        // The inner list denies 192.0.2.1, which BIND treats as "no match": the next element allows it.
        #expect(try allows(acl, "192.0.2.1"))
        let negated = try list("!{ 192.0.2.0/24; }; any;")
        #expect(try !allows(negated, "192.0.2.9"))
        #expect(try allows(negated, "10.1.1.1"))
        // Double negation does not allow: the inner denial is no match, and nothing else matches.
        #expect(try !allows(list("!{ !192.0.2.1; };"), "192.0.2.1"))
    }

    @Test("named ACLs resolve, even when defined after use, and keep their name")
    func namedACLs() throws {
        let conf = try NamedConfTestSupport.parse("""
            acl outer { !blocked; internal; };
            acl internal { 10.0.0.0/8; };
            acl "blocked" { 10.6.6.6; };
            zone "example.test" { type primary; file "z"; allow-query { outer; }; };
            """)
        #expect(conf.acls.map(\.name) == ["outer", "internal", "blocked"])
        let query = try #require(conf.zones.first?.allowQuery)
        #expect(try allows(query, "10.1.2.3"))
        #expect(try !allows(query, "10.6.6.6"))
        #expect(try !allows(query, "192.0.2.1"))
        guard case .acl(let name, _)? = query.elements.first?.term else {
            Issue.record("expected an ACL reference")
            return
        }
        #expect(name == "outer")
    }

    @Test("key elements match only requests signed with that key, case-insensitively")
    func keys() throws {
        let prelude = """
            key "xfr.example." { algorithm HMAC-SHA512; secret "AAAA"; };
            key other { algorithm hmac-sha1; secret "AAAA"; };
            """
        let acl = try list("!key other; key \"XFR.example\"; 192.0.2.0/24;", prelude: prelude)
        #expect(try allows(acl, "203.0.113.5", key: "xfr.example"))
        #expect(try allows(acl, "203.0.113.5", key: "Xfr.Example."))
        #expect(try !allows(acl, "203.0.113.5"))
        #expect(try !allows(acl, "192.0.2.5", key: "other"))
        #expect(try allows(acl, "192.0.2.5"))
        #expect(acl.description == "{ !key \"other\"; key \"xfr.example\"; 192.0.2.0/24; }")
    }

    @Test("IPv4-mapped IPv6 clients match IPv4 elements")
    func mapped() throws {
        #expect(try allows(list("192.0.2.0/24;"), "::ffff:192.0.2.4"))
    }
}
