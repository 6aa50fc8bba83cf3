/// One file a table is read from (an alias file, a lookup table) with the stamp it had when read, so
/// that it is read again only when it changes (`newaliases` and `postmap` are never needed).
///
/// A file that does not exist holds `missing` content until it appears. When a changed file cannot be
/// read or parsed, its previous content stays in use (as a failed `newaliases` leaves the old database)
/// and the broken version's stamp is remembered, so the error is reported once, not on every check.
struct WatchedFile<Content: Sendable>: Sendable {
    let path: String
    private(set) var content: Content
    private(set) var stamp: FileStamp?
    /// False for content made from text, which has no file to watch.
    let tracked: Bool

    /// Content with no file behind it.
    init(untracked content: Content, path: String) {
        self.path = path
        self.content = content
        self.stamp = nil
        self.tracked = false
    }

    private init(path: String, content: Content, stamp: FileStamp?) {
        self.path = path
        self.content = content
        self.stamp = stamp
        self.tracked = true
    }

    /// Reads `path` now: `parse` turns its text into content, `missing` stands for a file that is not there.
    static func read(_ path: String, missing: Content,
                     parse: (String) throws(ConfigError) -> Content) throws(ConfigError) -> WatchedFile {
        guard let stamp = try FileStamp.of(path) else { return WatchedFile(path: path, content: missing, stamp: nil) }
        let text = try ConfigFileReader.contents(ofFile: path)
        return WatchedFile(path: path, content: try parse(text), stamp: stamp)
    }

    /// Reads the file again when its stamp changed; `true` when it did. Cheap otherwise: one `stat(2)`.
    mutating func reloadIfChanged(missing: Content,
                                  parse: (String) throws(ConfigError) -> Content) throws(ConfigError) -> Bool {
        guard tracked else { return false }
        let current = try FileStamp.of(path)
        guard current != stamp else { return false }
        do {
            self = try Self.read(path, missing: missing, parse: parse)
            return true
        } catch {
            stamp = current
            throw error
        }
    }
}
