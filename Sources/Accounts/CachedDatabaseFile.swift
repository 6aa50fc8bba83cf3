import Synchronization

/// What a user database made of one file, kept until the file changes on disk (another inode, size or
/// modification time): a lookup costs one `stat(2)`, not a read and parse, and `useradd`, `passwd` or
/// `mailroom user` still take effect at the next lookup.
final class CachedDatabaseFile<Value: Sendable>: Sendable {
    let path: String
    private let reader: DatabaseFileReader
    private let parse: @Sendable (String?) throws -> Value
    private let cache = Mutex<(version: DatabaseFile.Version?, value: Value)?>(nil)

    /// `parse` makes the value from the file's text, `nil` when the file does not exist.
    init(path: String, reader: DatabaseFileReader, parse: @escaping @Sendable (String?) throws -> Value) {
        self.path = path
        self.reader = reader
        self.parse = parse
    }

    /// The value for the file as it is now.
    func value() throws -> Value {
        let version = try reader.version(path)
        if let cached = cache.withLock({ $0 }), cached.version == version {
            return cached.value
        }
        let contents = try reader.read(path)
        let value = try parse(contents?.text)
        cache.withLock { $0 = (contents?.version, value) }
        return value
    }
}
