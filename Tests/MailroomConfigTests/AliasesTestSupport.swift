import Foundation
import MailCore
import MailroomConfig

/// The file name in-memory alias files are parsed as, so messages read `aliases:LINE:`.
let aliasesFile = "aliases"

/// The aliases of the acceptance scenario (test_04_aliases.py).
let acceptanceAliases = """
    postmaster: root
    team: xiong, root
    abuse: postmaster
    """

/// Parses `lines` (joined with newlines) as one aliases file.
func aliases(_ lines: String...) throws(ConfigError) -> AliasesFile {
    try AliasesFile.parse(lines.joined(separator: "\n") + "\n", file: aliasesFile)
}

/// The `FILE:LINE: message` that `text` is refused with, or `nil` when it parses.
func aliasesError(_ text: String) -> String? {
    do {
        _ = try AliasesFile.parse(text, file: aliasesFile)
        return nil
    } catch {
        return error.description
    }
}

/// An expander over `lines` with the local domains `example.test` and `localhost`.
func expander(
    _ lines: String..., delimiter: String = "+", maximumDepth: Int = AliasExpander.defaultMaximumDepth,
    maximumDestinations: Int = AliasExpander.defaultMaximumDestinations,
    includeReader: AliasIncludeReader = .fileSystem
) throws -> AliasExpander {
    let file = try AliasesFile.parse(lines.joined(separator: "\n") + "\n", file: aliasesFile)
    return AliasExpander(table: AliasTable([file]), recipientDelimiter: delimiter,
                         maximumDepth: maximumDepth, maximumDestinations: maximumDestinations,
                         includeReader: includeReader,
                         isLocalDomain: { $0 == "example.test" || $0 == "localhost" })
}

/// The address `text`, which the test knows to be valid.
func address(_ text: String) -> EmailAddress {
    guard let address = EmailAddress(text) else { preconditionFailure("bad test address \(text)") }
    return address
}

/// A local mailbox destination in `example.test`.
func mailbox(_ localPart: String, _ domain: String = "example.test") -> AliasDestination {
    .mailbox(localPart: localPart, domain: domain)
}

/// A directory removed when the value is released; files are written into it.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "/mailroom-aliases-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to `name` (replacing the file in place, same inode) and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        if FileManager.default.fileExists(atPath: file) {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
            try handle.truncate(atOffset: 0)
            try handle.write(contentsOf: Data(text.utf8))
            try handle.close()
        } else {
            try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        }
        return file
    }
}
