import Foundation
import MailCore
import Testing
@testable import MailroomConfig

@Suite("smtp_sasl_password_maps")
struct SASLPasswordMapTests {
    func file(_ text: String, mode: Int16) throws -> String {
        let path = NSTemporaryDirectory() + "sasl-\(UUID().uuidString)"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, mode_t(mode))
        return path
    }

    @Test("[host]:port, [host], host:port and host, in that order; the password runs to the end of the line")
    func lookup() throws {
        let path = try file("""
            # relay hosts
            [smtp.example.net]:587  user@example.net:se:cret word
            [SMTP.example.net]      other:pw
            relay.example.org       r:p
            """, mode: 0o600)
        defer { unlink(path) }
        let map = try SASLPasswordMap.load([path])
        #expect(map.login(host: "smtp.example.net", port: 587) == SASLCredentials(username: "user@example.net", password: "se:cret word"))
        #expect(map.login(host: "smtp.example.net", port: 25)?.username == "other")
        #expect(map.login(host: "relay.example.org", port: 2525)?.username == "r")
        #expect(map.login(host: "nowhere.example", port: 25) == nil)
    }

    @Test("a file others may read is refused; a line without user:password names its line")
    func refused() throws {
        let open = try file("[h]:587 u:p\n", mode: 0o644)
        defer { unlink(open) }
        #expect(throws: SASLPasswordMap.LoadError.self) { try SASLPasswordMap.load([open]) }
        let bad = try file("[h]:587 u:p\njusthost\n", mode: 0o600)
        defer { unlink(bad) }
        do {
            _ = try SASLPasswordMap.load([bad])
            Issue.record("a bad line was accepted")
        } catch {
            #expect(error.description.hasSuffix(":2: not `host user:password`"))
        }
    }
}
