import NIOCore

/// What a connection's reader receives from the channel pipeline: bytes as they arrive, and the
/// events that change how they must be read.
enum TransportInput: Sendable, Equatable {
    /// Bytes from the peer (decrypted, when TLS is on).
    case bytes(ByteBuffer)
    /// The TLS handshake completed: everything after this marker arrived through TLS.
    case tlsStarted
    /// The peer sent nothing for the listener's idle timeout.
    case idleTimeout
    /// ``Connection/wakeUp()`` was called: something the session waits on besides the peer happened.
    case wakeUp
}

/// The user event ``Connection/wakeUp()`` sends down the pipeline.
struct ConnectionWakeUp: Sendable {}

/// Asks the ``TransportHandler`` to switch the connection to TLS: write `reply` in plaintext (the
/// server's `220`/`OK` that precedes the handshake; a client has none), then insert the TLS handler.
struct StartTLSRequest: Sendable {
    let reply: ByteBuffer?
}
