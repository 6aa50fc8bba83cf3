import MailCore
import Testing
@testable import MailroomConfig

@Suite("named.conf: syntax")
struct NamedConfSyntaxTests {
    @Test("all three comment styles are skipped, and line numbers survive them")
    func comments() throws {
        let conf = try NamedConfTestSupport.parse("""
            /* a block comment
               spanning lines with "quotes" and { braces } */
            # shell comment; zone "ignored" { };
            options { directory "/d"; // trailing comment
            }; /* inline */ zone "a"# comment
            { type master; file "z"; };
            """)
        #expect(conf.options.directory == "/d")
        #expect(conf.zones.map(\.line) == [5])
        #expect(conf.zones.map(\.file) == ["/d/z"])
    }

    @Test("comment markers inside strings are text; escapes are resolved")
    func strings() throws {
        let conf = try NamedConfTestSupport.parse(#"options { directory "/a//b/*c*/#d\"e"; };"#)
        #expect(conf.options.directory == #"/a//b/*c*/#d"e"#)
    }

    @Test("tokens need no spaces between them, and keywords ignore case")
    func compact() throws {
        let conf = try NamedConfTestSupport.parse(#"ACL x{!10.0.0.1;10.0.0.0/8;};ZONE "a"in{TYPE Primary;FILE"z";allow-query{x;};};"#)
        let query = try #require(conf.zones.first?.allowQuery)
        #expect(query.description == "{ \"x\"; }")
        #expect(query.matches(address: try NamedConfTestSupport.ip("10.0.0.2"), keyName: nil))
        #expect(!query.matches(address: try NamedConfTestSupport.ip("10.0.0.1"), keyName: nil))
    }

    @Test("an empty file is an empty configuration")
    func empty() throws {
        #expect(try NamedConfTestSupport.parse("") == NamedConf())
        #expect(try NamedConfTestSupport.parse("// nothing\n\n") == NamedConf())
    }

    @Test("relative zone files are joined to directory wherever options appears; absolute ones are kept")
    func zoneFiles() throws {
        let conf = try NamedConfTestSupport.parse("""
            zone "a.test" { type master; file "a.zone"; };
            zone "b.test" { type master; file "/abs/b.zone"; };
            options { directory "/var/named/"; };
            """)
        #expect(conf.zones.map(\.file) == ["/var/named/a.zone", "/abs/b.zone"])
        let bare = try NamedConfTestSupport.parse("zone \"a.test\" { type master; file \"a.zone\"; };")
        #expect(bare.zones.map(\.file) == ["a.zone"])
    }

    @Test("included statements are spliced in place, at the top level and inside blocks")
    func includes() throws {
        let files = [
            "/etc/named.rfc1912.zones": """
                zone "localhost" IN { type master; file "named.localhost"; allow-update { none; }; };
                """,
            "opts.conf": "directory \"/srv\";\n",
        ]
        let conf = try NamedConfTestSupport.parse("""
            options { include "opts.conf"; };
            include "/etc/named.rfc1912.zones";
            zone "example.test" { type master; file "e"; };
            """, files: files)
        #expect(conf.zones.map(\.name) == ["localhost", "example.test"])
        #expect(conf.zones.map(\.file) == ["/srv/named.localhost", "/srv/e"])
        #expect(conf.zones.map(\.definedIn) == ["/etc/named.rfc1912.zones", "named.conf"])
        #expect(conf.warnings.map(\.description) == [
            "/etc/named.rfc1912.zones:1: \"allow-update { none; }\" is not used by mailroom (ignored: mailroom never accepts dynamic updates)"
        ])
    }

    @Test("several listen-on options accumulate; empty forwarders are only a warning")
    func listenersAndForwarders() throws {
        let conf = try NamedConfTestSupport.parse("""
            options {
                listen-on { 192.0.2.1; };
                listen-on port 5300 { any; };
                listen-on-v6 port 53 { any; };
                forwarders { };
                version "none of your business";
            };
            """)
        #expect(conf.options.listenOn.map(\.port) == [nil, 5300])
        #expect(conf.options.listenOn.last?.addresses == .any)
        #expect(conf.options.listenOnV6 == [NamedConfListenOn(port: 53, addresses: .any)])
        #expect(conf.options.recursion == nil)
        #expect(conf.warnings.map(\.description) == [
            "named.conf:5: \"forwarders { }\" is not used by mailroom (ignored)",
            "named.conf:6: \"version\" is not used by mailroom (ignored)",
        ])
    }

    @Test("zone allow-query and allow-transfer are kept per zone; notify options warn")
    func zoneLists() throws {
        let conf = try NamedConfTestSupport.parse("""
            acl secondaries { 192.0.2.53; 2001:db8::53; };
            zone "example.test" {
                type primary;
                file "z";
                allow-query { any; };
                allow-transfer { secondaries; };
                notify yes;
                also-notify { 192.0.2.53; };
            };
            """)
        let zone = try #require(conf.zones.first)
        #expect(zone.allowQuery == .any)
        let transfer = try #require(zone.allowTransfer)
        #expect(transfer.matches(address: try NamedConfTestSupport.ip("2001:db8::53"), keyName: nil))
        #expect(!transfer.matches(address: try NamedConfTestSupport.ip("2001:db8::54"), keyName: nil))
        #expect(conf.warnings.map(\.line) == [7, 8])
    }
}
