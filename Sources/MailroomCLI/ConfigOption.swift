import ArgumentParser
import Foundation
import MailroomConfig

/// The `--config FILE` option every command takes, and the loading it implies.
struct ConfigOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The configuration file (main.cf syntax).", valueName: "FILE"))
    var config: String?

    /// The settings in force: the file's (warnings go to stderr), or the built-in defaults.
    func load() throws -> LoadedConfiguration {
        let loaded = try Settings.load(path: ConfigLocator().configPath(explicit: config))
        for warning in loaded.warnings {
            Terminal.printError(warning.description)
        }
        return loaded
    }
}
