import Logging

extension Connection {
    /// `logger` with the peer's address as `client` metadata, for every line a session logs.
    public func tagging(_ logger: Logger) -> Logger {
        var logger = logger
        logger[metadataKey: "client"] = "\(remoteAddress.map(String.init(describing:)) ?? "unknown")"
        return logger
    }
}

extension Connection {
    /// Runs a protocol session on the connection's event loop (``onEventLoop(_:)``: no thread switch
    /// per command) with its input and output (``withIO(_:)``), then closes the connection; how it
    /// ended, when not cleanly, is one `info` line on `logger`.
    public func serve(logging logger: Logger,
                      _ session: (inout ConnectionReader, ConnectionWriter) async throws -> Void) async {
        await onEventLoop {
            do {
                try await withIO(session)
            } catch {
                logger.info("connection ended: \(error)")
            }
        }
    }
}
