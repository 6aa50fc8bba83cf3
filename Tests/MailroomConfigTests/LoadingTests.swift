import Foundation
import MailroomConfig
import Testing

/// Finding and reading the file.
@Suite("locating and reading the file")
struct LoadingTests {
    @Test("--config wins, then $MAILROOM_CONFIG, then /etc/mailroom/mailroom.cf when it exists", arguments: [
        ("/explicit.cf", ["MAILROOM_CONFIG": "/env.cf"], true, "/explicit.cf"),
        (nil, ["MAILROOM_CONFIG": "/env.cf"], true, "/env.cf"),
        (nil, ["MAILROOM_CONFIG": ""], true, "/etc/mailroom/mailroom.cf"),
        (nil, [:], true, "/etc/mailroom/mailroom.cf"),
        (nil, [:], false, nil),
    ] as [(String?, [String: String], Bool, String?)])
    func locate(explicit: String?, environment: [String: String], systemFileExists: Bool, expected: String?) {
        let locator = ConfigLocator(environment: environment, fileExists: { path in
            systemFileExists && path == ConfigLocator.systemPath
        })
        #expect(locator.configPath(explicit: explicit) == expected)
    }

    @Test("a missing file is one line naming the file and the system's reason")
    func missingFile() {
        let path = "/nonexistent-\(UUID().uuidString)/mailroom.cf"
        #expect(throws: ConfigError(.unreadable, file: path, line: nil, message: "cannot read: No such file or directory")) {
            try Settings.load(path: path, hostName: "h.example.org")
        }
    }

    @Test("a directory or a non-UTF-8 file cannot be read")
    func unreadableContents() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mailroom-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let binary = directory.appendingPathComponent("binary.cf")
        try Data([0x6d, 0x79, 0xff, 0xfe, 0x0a]).write(to: binary)

        #expect(throws: ConfigError(.unreadable, file: directory.path, line: nil, message: "cannot read: Is a directory")) {
            try Settings.load(path: directory.path, hostName: "h.example.org")
        }
        #expect(throws: ConfigError(.unreadable, file: binary.path, line: nil, message: "cannot read: not UTF-8 text")) {
            try Settings.load(path: binary.path, hostName: "h.example.org")
        }
    }

    @Test("a real file loads with the file defaults and reports lines with its path")
    func realFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mailroom-\(UUID().uuidString).cf")
        defer { try? FileManager.default.removeItem(at: file) }
        try "# test\nbiff = no\nsmtp_port = 2500\n".write(to: file, atomically: true, encoding: .utf8)
        let loaded = try Settings.load(path: file.path, hostName: "h.example.org")
        #expect(loaded.path == file.path)
        #expect(loaded.settings.ports[.smtp] == 2500 && loaded.settings.ports[.imap] == 143)
        #expect(loaded.warnings.map(\.description) == ["\(file.path):2: warning: biff is a Postfix setting that mailroom does not use; ignored"])

        try "smtp_port = 2500\nmessage_size_limit = lots\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: ConfigError(.invalidValue, file: file.path, line: 2,
                                    message: "message_size_limit: \"lots\" is not a whole number")) {
            try Settings.load(path: file.path, hostName: "h.example.org")
        }
    }

    @Test("error and warning descriptions", arguments: [
        (ConfigError(.syntax, file: "f", line: 3, message: "m").description, "f:3: m"),
        (ConfigError(.unreadable, file: "f", line: nil, message: "m").description, "f: m"),
        (ConfigError(.invalidValue, file: nil, line: nil, message: "m").description, "m"),
        (ConfigWarning(file: "f", line: 9, message: "m").description, "f:9: warning: m"),
    ])
    func descriptions(actual: String, expected: String) {
        #expect(actual == expected)
    }
}
