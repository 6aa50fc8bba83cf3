/// The aliases of every file in `alias_maps`, looked up the way local(8) searches `alias_maps`:
/// file by file in the configured order, the first file that has the name wins.
///
/// A value: loading reads the files once, and `reloadIfChanged()` reads again only the files whose
/// device, inode, size or modification time changed (`newaliases` is never needed). The owner keeps
/// the table in an actor or behind a lock and hands copies to expanders; a copy never changes.
///
/// A file in `alias_maps` that does not exist counts as empty, with a warning, so that the default
/// `$data_directory/aliases` need not be created; when it appears later, the next reload reads it.
/// `:include:` files are not part of the table: the expander reads them at each expansion, as
/// local(8) does, so they need no tracking.
public struct AliasTable: Sendable {
    /// The files, in `alias_maps` order.
    public var files: [AliasesFile] { sources.map(\.content) }
    /// Duplicate-name and missing-file warnings of the files as last read.
    public var warnings: [ConfigWarning] {
        sources.flatMap { source in
            source.stamp == nil && source.tracked
                ? [ConfigWarning(file: source.path, line: nil,
                                 message: "alias file does not exist; no aliases read from it")]
                : source.content.warnings
        }
    }

    private var sources: [WatchedFile<AliasesFile>]

    /// A table of already parsed files, in lookup order; `reloadIfChanged()` never reads them again.
    public init(_ files: [AliasesFile]) {
        sources = files.map { WatchedFile(untracked: $0, path: $0.file) }
    }

    /// Reads every file in `paths` (`alias_maps`, map-type prefixes already stripped).
    /// - Throws: `FILE: cannot read: REASON` or the first `FILE:LINE: message` grammar error.
    public static func load(paths: [String]) throws(ConfigError) -> AliasTable {
        var table = AliasTable([])
        for path in paths {
            table.sources.append(try read(path))
        }
        return table
    }

    /// The entry for the local name `name` (case-insensitive) from the first file that has it.
    public func lookup(_ name: String) -> AliasEntry? {
        let key = name.lowercased()
        for source in sources {
            if let entry = source.content.entry(named: key) { return entry }
        }
        return nil
    }

    /// Reads again the files that changed since they were last read; `true` when any was read.
    ///
    /// Cheap when nothing changed: one `stat(2)` per file. When a changed file cannot be read or
    /// parsed, the error is thrown and the table keeps the previous content of that file (the way a
    /// failed `newaliases` leaves the old database in use); the broken version is remembered, so the
    /// error is reported once rather than on every call, and the next edit is read again.
    public mutating func reloadIfChanged() throws(ConfigError) -> Bool {
        var changed = false
        for position in sources.indices {
            let path = sources[position].path
            if try sources[position].reloadIfChanged(missing: .empty(file: path), parse: Self.parser(path)) { changed = true }
        }
        return changed
    }

    private static func read(_ path: String) throws(ConfigError) -> WatchedFile<AliasesFile> {
        try WatchedFile.read(path, missing: .empty(file: path), parse: parser(path))
    }

    private static func parser(_ path: String) -> (String) throws(ConfigError) -> AliasesFile {
        { (text: String) throws(ConfigError) in try AliasesFile.parse(text, file: path) }
    }
}
