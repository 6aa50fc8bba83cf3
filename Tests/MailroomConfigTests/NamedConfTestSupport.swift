import MailCore
import Testing
@testable import MailroomConfig

/// Shared helpers for the named.conf tests.
enum NamedConfTestSupport {
    struct MissingFile: Error, CustomStringConvertible {
        var path: String
        var description: String { "no such file" }
    }

    /// Parses `text` as `named.conf`, serving includes from `files`.
    static func parse(_ text: String, files: [String: String] = [:]) throws(ConfigError) -> NamedConf {
        try NamedConf.parse(text, file: "named.conf") { path in
            guard let contents = files[path] else { throw MissingFile(path: path) }
            return contents
        }
    }

    /// The error parsing `text` throws, or `nil` when it parses.
    static func failure(_ text: String, files: [String: String] = [:]) -> ConfigError? {
        do {
            _ = try parse(text, files: files)
            return nil
        } catch {
            return error
        }
    }

    /// An address from a test literal.
    static func ip(_ text: String) throws -> IPAddress {
        try #require(IPAddress(text))
    }

    /// A prefix element from a test literal.
    static func net(_ text: String) throws -> AddressMatchTerm {
        .network(try #require(IPNetwork(text)))
    }
}
