import NIOCore

/// What a connection's reader receives from the channel pipeline: framed lines, and the marker that
/// separates the plaintext part of a connection from the part protected by STARTTLS.
public enum FramedInput: Sendable, Equatable {
    /// A line as ``LineFramer`` produced it.
    case frame(LineFramer.Frame)
    /// The TLS handshake completed: everything after this marker arrived through TLS.
    case tlsStarted
}

/// Asks the ``LineFramingHandler`` to switch the connection to TLS: write `reply` in plaintext (the
/// `220`/`OK` that precedes the handshake), drop buffered plaintext, and insert the TLS handler.
struct StartTLSRequest: Sendable {
    let reply: ByteBuffer
}
