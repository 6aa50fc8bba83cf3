import Foundation

extension Settings {
    /// Loads the configuration file at `path` (see `ConfigLocator`), or the built-in defaults
    /// when `path` is `nil`. `hostName` is the default of `myhostname`.
    public static func load(
        path: String?,
        hostName: String = ProcessInfo.processInfo.hostName
    ) throws(ConfigError) -> LoadedConfiguration {
        guard let path else {
            return try ConfigurationLoader(file: nil, defaults: .builtIn, hostName: hostName).load([])
        }
        return try parse(ConfigFileReader.contents(ofFile: path), file: path, hostName: hostName)
    }

    /// Parses configuration text as if read from `file` (used in messages), with the file
    /// defaults (standard ports).
    public static func parse(
        _ text: String,
        file: String,
        hostName: String = ProcessInfo.processInfo.hostName
    ) throws(ConfigError) -> LoadedConfiguration {
        let entries = try MainCF.parse(text, file: file)
        return try ConfigurationLoader(file: file, defaults: .file, hostName: hostName).load(entries)
    }
}
