import MailCore
import MailroomConfig
import Testing

@testable import MailroomApp

/// `inet_interfaces` × `inet_protocols`, as Postfix binds them.
@Suite("Listen addresses")
struct ListenAddressesTests {
    @Test("every combination binds what Postfix binds; IPv6 is optional only beside IPv4", arguments: [
        ("all", "all", ["0.0.0.0 required", ":: optional"]),
        ("all", "ipv4", ["0.0.0.0 required"]),
        ("all", "ipv6", [":: required"]),
        ("loopback-only", "all", ["127.0.0.1 required", "::1 optional"]),
        ("loopback-only", "ipv6", ["::1 required"]),
        ("192.0.2.1, [2001:db8::1]", "ipv4", ["192.0.2.1 required", "2001:db8::1 required"]),
    ])
    func hosts(_ interfaces: String, _ protocols: String, _ expected: [String]) throws {
        let settings = try Settings.parse("inet_interfaces = \(interfaces)\ninet_protocols = \(protocols)\n",
                                          file: "mailroom.cf").settings
        let hosts = ListenAddresses(interfaces: settings.inetInterfaces, protocols: settings.inetProtocols).hosts
        #expect(hosts.map { "\($0.host) \($0.required ? "required" : "optional")" } == expected)
    }

    @Test("inet_protocols takes all, ipv4, ipv6 or a list; anything else is an error with its line")
    func parsing() throws {
        #expect(try Settings.parse("inet_protocols = ipv4, ipv6\n", file: "f").settings.inetProtocols == .all)
        #expect(throws: ConfigError.self) { try Settings.parse("\ninet_protocols = ipx\n", file: "f") }
    }
}
