import Logging

extension Connection {
    /// `logger` with the peer's address as `client` metadata, for every line a session logs.
    public func tagging(_ logger: Logger) -> Logger {
        var logger = logger
        logger[metadataKey: "client"] = "\(remoteAddress.map(String.init(describing:)) ?? "unknown")"
        return logger
    }
}
