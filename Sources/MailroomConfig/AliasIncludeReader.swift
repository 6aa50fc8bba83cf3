import Foundation

/// How the alias expander gets the text of an `:include:` file (aliases(5) `:include:/file/name`),
/// injectable so that expansion can be tested without files.
///
/// `fileSystem` applies local(8) `deliver_include()`'s checks first: the path must name a regular
/// file that is not world-writable (anyone could otherwise redirect the mail).
public struct AliasIncludeReader: Sendable {
    private let body: @Sendable (String) throws(ConfigError) -> String

    /// A reader that calls `read` with the absolute path; it throws `FILE: message` on failure.
    public init(_ read: @escaping @Sendable (String) throws(ConfigError) -> String) {
        body = read
    }

    /// The text of the include file `path`.
    public func read(_ path: String) throws(ConfigError) -> String {
        try body(path)
    }

    /// Reads include files from disk, refusing special and world-writable files.
    public static let fileSystem = AliasIncludeReader { path throws(ConfigError) in
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            throw ConfigError(.unreadable, file: path, line: nil, message: "cannot read: \(reason)")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw ConfigError(.unreadable, file: path, line: nil, message: "not a regular file")
        }
        guard info.st_mode & S_IWOTH == 0 else {
            throw ConfigError(.unreadable, file: path, line: nil, message: "is world-writable; refusing to use it")
        }
        return try ConfigFileReader.contents(ofFile: path)
    }
}
