import DNSProtocol
import Foundation
import MailroomConfig
import Testing

@testable import MailroomApp

@Suite("DNSSetup")
struct DNSSetupTests {
    @Test("named.conf zones, keys and rules are read; a listen-on port other than dns_port is named in a warning")
    func namedConf() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dnssetup-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let conf = directory + "/named.conf"
        try """
            options { directory "\(directory)"; listen-on port 5353 { 127.0.0.1; }; allow-transfer { none; }; };
            key "k" { algorithm hmac-sha256; secret "c2VjcmV0"; };
            zone "example.test" IN { type master; file "example.test.zone"; allow-transfer { key "k"; }; };
            """.write(toFile: conf, atomically: true, encoding: .utf8)
        let settings = try Settings.parse("named_conf = \(conf)\ndns_port = 53\n", file: "mailroom.cf").settings
        let setup = try DNSSetup.read(settings)
        #expect(setup.zoneFiles.map(\.path) == [directory + "/example.test.zone"])
        #expect(setup.keys.map(\.name.description) == ["k."])
        #expect(setup.zoneFiles.first?.allowTransfer != nil)
        #expect(setup.warnings.contains { $0.contains("listen-on port 5353 is not used") })
    }

    @Test("a zone both in dns_zones and named.conf is an error naming it")
    func twice() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dnssetup-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let conf = directory + "/named.conf"
        try "zone \"example.test\" { type master; file \"a.zone\"; };\n".write(toFile: conf, atomically: true, encoding: .utf8)
        let settings = try Settings.parse("named_conf = \(conf)\ndns_zones = example.test=/b.zone\n", file: "mailroom.cf")
            .settings
        do {
            _ = try DNSSetup.read(settings)
            Issue.record("a zone defined twice was accepted")
        } catch {
            #expect(error.description == "dns_zones: zone example.test is also defined in named_conf")
        }
    }
}
