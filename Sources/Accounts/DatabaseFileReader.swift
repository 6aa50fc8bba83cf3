/// How a user database reaches its files: the version now (one `stat(2)`), and the text with the version
/// it was read from. ``fileSystem`` in the server; tests inject one that counts.
struct DatabaseFileReader: Sendable {
    let version: @Sendable (String) throws -> DatabaseFile.Version?
    let read: @Sendable (String) throws -> (text: String, version: DatabaseFile.Version)?

    static let fileSystem = DatabaseFileReader(version: DatabaseFile.version(of:), read: DatabaseFile.read)
}
