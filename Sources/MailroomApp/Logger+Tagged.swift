import Logging

extension Logger {
    /// A copy of the logger that adds `key: value` to the metadata of every line.
    func tagged(_ key: String, _ value: String) -> Logger {
        var copy = self
        copy[metadataKey: key] = "\(value)"
        return copy
    }
}
