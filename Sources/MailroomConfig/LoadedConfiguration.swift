/// The result of loading a configuration: the typed settings, the warnings to show, and what
/// `mailroom config check` prints.
public struct LoadedConfiguration: Sendable, Hashable {
    /// The validated settings.
    public let settings: Settings
    /// Settings that were accepted but ignored, in file order; print each on stderr.
    public let warnings: [ConfigWarning]
    /// The file the settings came from; `nil` when the built-in defaults are in use.
    public let path: String?
    private let changedSettings: [String]

    init(settings: Settings, warnings: [ConfigWarning], path: String?, changedSettings: [String]) {
        self.settings = settings
        self.warnings = warnings
        self.path = path
        self.changedSettings = changedSettings
    }

    /// `config check`'s output, like `postconf -n`: `name = value` for each setting the file
    /// writes with a value different from its default, sorted by name, the value as written
    /// (unexpanded, continuation lines joined). Synonyms appear under mailroom's name.
    public func nonDefaultLines() -> [String] {
        changedSettings
    }
}
