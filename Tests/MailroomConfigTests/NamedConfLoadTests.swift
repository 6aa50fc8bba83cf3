import Foundation
import Testing
@testable import MailroomConfig

@Suite("named.conf: loading from disk")
struct NamedConfLoadTests {
    private func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "namedconf-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("load reads named.conf and resolves relative includes against its directory")
    func load() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "include \"zones.conf\";\noptions { directory \"/z\"; };\n"
            .write(toFile: directory + "/named.conf", atomically: true, encoding: .utf8)
        try "zone \"example.test\" { type master; file \"e.zone\"; };\n"
            .write(toFile: directory + "/zones.conf", atomically: true, encoding: .utf8)
        let conf = try NamedConf.load(path: directory + "/named.conf")
        #expect(conf.zones.map(\.file) == ["/z/e.zone"])
        #expect(conf.zones.map(\.definedIn) == ["zones.conf"])
    }

    @Test("a missing named.conf or include is unreadable, with the system's reason")
    func missing() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: ConfigError(.unreadable, file: directory + "/nope.conf", line: nil, message: "cannot read: No such file or directory")) {
            try NamedConf.load(path: directory + "/nope.conf")
        }
        try "\ninclude \"gone.conf\";\n".write(toFile: directory + "/named.conf", atomically: true, encoding: .utf8)
        #expect(throws: ConfigError(.unreadable, file: directory + "/named.conf", line: 2, message: "include \"gone.conf\": cannot read: No such file or directory")) {
            try NamedConf.load(path: directory + "/named.conf")
        }
    }
}
