import MailroomConfig

/// The file name every in-memory configuration is parsed as, so messages read `main.cf:LINE:`.
let testFile = "main.cf"

/// Parses `lines` (joined with newlines) as `main.cf`, with a fixed system host name.
func load(_ lines: String..., hostName: String = "host.example.org") throws(ConfigError) -> LoadedConfiguration {
    try Settings.parse(lines.joined(separator: "\n") + "\n", file: testFile, hostName: hostName)
}

/// The settings `lines` mean.
func settings(_ lines: String..., hostName: String = "host.example.org") throws(ConfigError) -> Settings {
    try Settings.parse(lines.joined(separator: "\n") + "\n", file: testFile, hostName: hostName).settings
}

/// The error `text` is rejected with, or `nil` when it loads.
func loadError(_ text: String, hostName: String = "host.example.org") -> ConfigError? {
    do {
        _ = try Settings.parse(text, file: testFile, hostName: hostName)
        return nil
    } catch {
        return error
    }
}
