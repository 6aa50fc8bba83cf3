import MailCore
import Testing
@testable import MailroomConfig

@Suite("named.conf: classic setups")
struct NamedConfClassicTests {
    static let harness = """
        // named.conf as a classic BIND setup has it
        options {
            directory "/tmp/zones";
            listen-on port 5353 { 127.0.0.1; };
            listen-on-v6 { none; };
            pid-file "/tmp/zones/named.pid";
            session-keyfile "/tmp/zones/session.key";
            managed-keys-directory "/tmp/zones";
            recursion no;
            notify no;
            dnssec-validation no;
            allow-query { any; };
            allow-transfer { none; };
        };
        controls { };
        key "master-slave" {
            algorithm hmac-sha256;
            secret "c2VjcmV0LXRoYXQtaXMtbm90LXRoZS1rZXk=";
        };
        zone "example.test" IN {
            type master;
            file "example.test.zone";
            allow-transfer { key "master-slave"; };
        };
        """

    @Test("the test-harness named.conf yields every value")
    func harnessValues() throws {
        let conf = try NamedConfTestSupport.parse(Self.harness)
        #expect(conf.options.directory == "/tmp/zones")
        #expect(conf.options.listenOn == [NamedConfListenOn(port: 5353, addresses: AddressMatchList([AddressMatchElement(try NamedConfTestSupport.net("127.0.0.1/32"))]))])
        #expect(conf.options.listenOnV6.isEmpty)
        #expect(conf.options.recursion == false)
        #expect(conf.options.allowQuery == .any)
        #expect(conf.options.allowTransfer == AddressMatchList.none)
        #expect(conf.keys == [
            NamedConfKey(
                name: "master-slave", algorithm: "hmac-sha256", secret: "c2VjcmV0LXRoYXQtaXMtbm90LXRoZS1rZXk=",
                secretBytes: Array("secret-that-is-not-the-key".utf8))
        ])
        #expect(conf.acls.isEmpty)
        #expect(conf.zones == [
            NamedConfZone(
                name: "example.test", file: "/tmp/zones/example.test.zone",
                allowTransfer: AddressMatchList([AddressMatchElement(.key("master-slave"))]),
                definedIn: "named.conf", line: 20)
        ])
        #expect(conf.zones.first?.setting == DNSZoneSetting(domain: "example.test", file: "/tmp/zones/example.test.zone"))
        #expect(conf.key(named: "Master-Slave.")?.algorithm == "hmac-sha256")
        #expect(conf.zone(named: "EXAMPLE.test.")?.line == 20)
    }

    @Test("the test-harness named.conf warns about each skipped statement by name and line")
    func harnessWarnings() throws {
        let conf = try NamedConfTestSupport.parse(Self.harness)
        #expect(conf.warnings.map(\.description) == [
            "named.conf:5: \"listen-on-v6 { none; }\" is not used by mailroom (ignored: mailroom's own settings choose its addresses)",
            "named.conf:6: \"pid-file\" is not used by mailroom (ignored)",
            "named.conf:7: \"session-keyfile\" is not used by mailroom (ignored)",
            "named.conf:8: \"managed-keys-directory\" is not used by mailroom (ignored)",
            "named.conf:9: \"recursion no\" is not used by mailroom (ignored: mailroom never recurses)",
            "named.conf:10: \"notify\" is not used by mailroom (ignored)",
            "named.conf:11: \"dnssec-validation\" is not used by mailroom (ignored)",
            "named.conf:15: \"controls\" is not used by mailroom (ignored)",
        ])
        #expect(conf.warnings.first?.configWarning.description
            == "named.conf:5: warning: \"listen-on-v6 { none; }\" is not used by mailroom (ignored: mailroom's own settings choose its addresses)")
    }

    @Test("transfers of the harness zone need the key")
    func harnessTransferNeedsKey() throws {
        let conf = try NamedConfTestSupport.parse(Self.harness)
        let transfer = try #require(conf.zones.first?.allowTransfer)
        let client = try NamedConfTestSupport.ip("192.0.2.7")
        #expect(transfer.matches(address: client, keyName: "master-slave"))
        #expect(transfer.matches(address: client, keyName: "MASTER-SLAVE."))
        #expect(!transfer.matches(address: client, keyName: nil))
        #expect(!transfer.matches(address: client, keyName: "other"))
        #expect(conf.options.allowQuery?.matches(address: client, keyName: nil) == true)
        #expect(conf.options.allowTransfer?.matches(address: client, keyName: "master-slave") == false)
    }

    static let centOS = """
        //
        // named.conf
        //
        options {
        \tlisten-on port 53 { 127.0.0.1; 192.168.1.10; };
        \tlisten-on-v6 port 53 { ::1; };
        \tdirectory \t"/var/named";
        \tdump-file \t"/var/named/data/cache_dump.db";
        \tstatistics-file "/var/named/data/named_stats.txt";
        \tmemstatistics-file "/var/named/data/named_mem_stats.txt";
        \tallow-query     { localhost; 192.168.1.0/24; };
        \trecursion no;
        \tdnssec-enable yes;
        \tdnssec-validation yes;
        \tbindkeys-file "/etc/named.iscdlv.key";
        \tmanaged-keys-directory "/var/named/dynamic";
        \tpid-file "/run/named/named.pid";
        \tsession-keyfile "/run/named/session.key";
        };
        logging {
                channel default_debug {
                        file "data/named.run";
                        severity dynamic;
                };
        };
        zone "example.com" IN {
        \ttype master;
        \tfile "example.com.zone";
        \tallow-update { none; };
        };
        zone "1.168.192.in-addr.arpa" IN { type master; file "/var/named/reverse/192.168.1.db"; allow-update { none; }; };
        include "/etc/named.root.key";
        zone "." IN {
        \ttype hint;
        \tfile "named.ca";
        };
        """

    @Test("a CentOS 7 guide named.conf yields listeners, allow-query and zones")
    func centOSValues() throws {
        let conf = try NamedConfTestSupport.parse(Self.centOS, files: ["/etc/named.root.key": "managed-keys { };\n"])
        let v4 = AddressMatchList([
            AddressMatchElement(try NamedConfTestSupport.net("127.0.0.1")),
            AddressMatchElement(try NamedConfTestSupport.net("192.168.1.10")),
        ])
        #expect(conf.options.listenOn == [NamedConfListenOn(port: 53, addresses: v4)])
        #expect(conf.options.listenOnV6 == [NamedConfListenOn(port: 53, addresses: AddressMatchList([AddressMatchElement(try NamedConfTestSupport.net("::1"))]))])
        #expect(conf.options.directory == "/var/named")
        #expect(conf.options.allowQuery == AddressMatchList([
            AddressMatchElement(.localhost), AddressMatchElement(try NamedConfTestSupport.net("192.168.1.0/24")),
        ]))
        #expect(conf.options.allowTransfer == nil)
        #expect(conf.zones.map(\.name) == ["example.com", "1.168.192.in-addr.arpa"])
        #expect(conf.zones.map(\.file) == ["/var/named/example.com.zone", "/var/named/reverse/192.168.1.db"])
        #expect(conf.zones.map(\.allowTransfer) == [nil, nil])
        let query = try #require(conf.options.allowQuery)
        #expect(query.matches(address: try NamedConfTestSupport.ip("192.168.1.77"), keyName: nil))
        #expect(query.matches(address: try NamedConfTestSupport.ip("127.0.0.1"), keyName: nil))
        #expect(query.matches(address: try NamedConfTestSupport.ip("::1"), keyName: nil))
        #expect(!query.matches(address: try NamedConfTestSupport.ip("192.168.2.1"), keyName: nil))
    }

    @Test("a CentOS 7 guide named.conf warns about logging, the included file, allow-update none and the hint zone")
    func centOSWarnings() throws {
        let conf = try NamedConfTestSupport.parse(Self.centOS, files: ["/etc/named.root.key": "managed-keys { };\n"])
        let messages = conf.warnings.map(\.description)
        #expect(messages.contains("named.conf:20: \"logging\" is not used by mailroom (ignored)"))
        #expect(messages.contains("named.conf:29: \"allow-update { none; }\" is not used by mailroom (ignored: mailroom never accepts dynamic updates)"))
        #expect(messages.contains("/etc/named.root.key:1: \"managed-keys\" is not used by mailroom (ignored)"))
        #expect(messages.contains("named.conf:13: \"dnssec-enable\" is not used by mailroom (ignored)"))
        #expect(messages.contains { $0.hasSuffix("zone \".\" (type hint) is not used by mailroom, which does not recurse (ignored)") })
        #expect(messages.count == 15)
    }
}
