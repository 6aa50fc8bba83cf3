import Foundation

/// Picks the configuration file (interface.md, "Commands"): `--config FILE`, else
/// `$MAILROOM_CONFIG`, else `/etc/mailroom/mailroom.cf` when it exists, else none (the built-in
/// defaults). The environment and the file system are injectable for tests.
public struct ConfigLocator: Sendable {
    /// The file used when nothing else names one and it exists.
    public static let systemPath = "/etc/mailroom/mailroom.cf"
    /// The environment variable that names the file.
    public static let environmentVariable = "MAILROOM_CONFIG"

    private let environment: [String: String]
    private let fileExists: @Sendable (String) -> Bool

    /// A locator over the given environment and existence check (by default, the process's).
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        fileExists: @escaping @Sendable (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }
    ) {
        self.environment = environment
        self.fileExists = fileExists
    }

    /// The file to load, or `nil` for the built-in defaults. An explicit path is returned even
    /// when it does not exist, so that loading reports it; an empty variable counts as unset.
    public func configPath(explicit: String?) -> String? {
        if let explicit { return explicit }
        if let fromEnvironment = environment[Self.environmentVariable], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return fileExists(Self.systemPath) ? Self.systemPath : nil
    }
}
