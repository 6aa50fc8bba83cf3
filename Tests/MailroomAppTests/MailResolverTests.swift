import DNSClient
import DNSProtocol
import Foundation
import MailCore
import MailroomConfig
import Testing

@testable import MailroomApp

@Suite("MailResolver")
struct MailResolverTests {
    func settings(_ text: String) throws -> Settings {
        try Settings.parse(text, file: "mailroom.cf").settings
    }

    @Test("the resolver setting wins over resolv.conf, ports kept")
    func fromSetting() throws {
        let configuration = try MailResolver.configuration(
            settings: try settings("resolver = 127.0.0.1:5353, [2001:db8::53]\n"), resolvConfPath: "/nonexistent")
        #expect(configuration.servers == [
            DNSServerAddress(host: IPAddress("127.0.0.1")!, port: 5353), DNSServerAddress(host: IPAddress("2001:db8::53")!),
        ])
    }

    @Test("without the setting, resolv.conf's name servers and options; without the file, 127.0.0.1")
    func fromResolvConf() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("resolv-\(UUID()).conf").path
        try "nameserver 192.0.2.53\noptions timeout:2 attempts:3\n".write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let configuration = try MailResolver.configuration(settings: try settings(""), resolvConfPath: file)
        #expect(configuration.servers == [DNSServerAddress(host: IPAddress("192.0.2.53")!)])
        #expect(configuration.attempts == 3 && configuration.timeout == .seconds(2))
        let fallback = try MailResolver.configuration(settings: try settings(""), resolvConfPath: "/nonexistent")
        #expect(fallback.servers == [.localhost])
    }

    @Test("a host name in resolver is refused: finding it would need DNS")
    func hostName() throws {
        #expect(throws: AppError.self) {
            try MailResolver.configuration(settings: try settings("resolver = dns.example.test:53\n"),
                                           resolvConfPath: "/nonexistent")
        }
    }
}
