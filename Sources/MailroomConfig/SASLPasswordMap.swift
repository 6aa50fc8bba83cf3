import Foundation
import MailCore

/// Postfix's `smtp_sasl_password_maps` file: the login mailroom gives a relay host that asks for
/// one. One entry a line, `[host]:port user:password` (or `[host]`, `host:port`, `host`), `#`
/// comments; the password runs to the end of the line. The file holds passwords, so it must be
/// readable by its owner alone (mode 0600 or stricter), as Postfix advises.
public struct SASLPasswordMap: Sendable, Hashable {
    /// Why a file could not be used; the description is one line for stderr.
    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The login for each key, lower-cased.
    public private(set) var entries: [String: SASLCredentials] = [:]

    public init() {}

    /// Reads the files in order (an earlier file's entry wins), refusing one that others may read.
    public static func load(_ paths: [String]) throws(LoadError) -> SASLPasswordMap {
        var map = SASLPasswordMap()
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else {
                throw LoadError(description: "\(path): cannot read the SASL password file: \(String(cString: strerror(errno)))")
            }
            guard info.st_mode & 0o077 == 0 else {
                throw LoadError(description: "\(path): holds passwords but others may read it; chmod 600 it")
            }
            guard let text = FileManager.default.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }) else {
                throw LoadError(description: "\(path): cannot read the SASL password file")
            }
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
                let parts = trimmed.split(maxSplits: 1, whereSeparator: \.isWhitespace)
                let value = parts.count == 2 ? parts[1].drop(while: \.isWhitespace) : ""
                guard let colon = value.firstIndex(of: ":") else {
                    throw LoadError(description: "\(path):\(number + 1): not `host user:password`")
                }
                let key = parts[0].lowercased()
                if map.entries[key] == nil {
                    map.entries[key] = SASLCredentials(username: String(value[..<colon]), password: String(value[value.index(after: colon)...]))
                }
            }
        }
        return map
    }

    /// The login for a relay host reached at `host` and `port`: the entry for `[host]:port`,
    /// `[host]`, `host:port` or `host`, in that order (Postfix looks the next hop up so).
    public func login(host: String, port: Int) -> SASLCredentials? {
        let name = host.lowercased()
        for key in ["[\(name)]:\(port)", "[\(name)]", "\(name):\(port)", name] {
            if let entry = entries[key] { return entry }
        }
        return nil
    }
}
