import NIOCore

/// Reads one connection: framed command lines, or raw octets for the parts of a protocol that are not
/// lines (SMTP DATA and BDAT, IMAP literals). Both come from one buffer, so switching between them
/// never loses or reorders a byte.
///
/// Reading throws ``ServerKitError/idleTimeout`` when the peer is silent for the listener's timeout.
public struct ConnectionReader {
    private var iterator: NIOAsyncChannelInboundStream<TransportInput>.AsyncIterator
    private var framer: LineFramer

    init(iterator: NIOAsyncChannelInboundStream<TransportInput>.AsyncIterator, maximumLineLength: Int) {
        self.iterator = iterator
        self.framer = LineFramer(maximumLineLength: maximumLineLength)
    }

    /// The longest line accepted from now on (SMTP AUTH responses may be longer than commands).
    public var maximumLineLength: Int {
        get { framer.maximumLineLength }
        set { framer.maximumLineLength = newValue }
    }

    /// The last line read ended with a bare LF instead of CRLF.
    public var lastLineEndedWithBareLF: Bool { framer.lastLineEndedWithBareLF }

    /// The next line or over-long-line notice; `nil` when the peer closed the connection.
    public mutating func nextLine() async throws -> LineFramer.Frame? {
        while true {
            if let frame = framer.next() { return frame }
            guard let bytes = try await nextInput() else { return nil }
            framer.append(bytes)
        }
    }

    /// The next raw octets, at most `limit` of them (what was buffered first); `nil` at end of stream.
    public mutating func nextBytes(atMost limit: Int = .max) async throws -> ByteBuffer? {
        var buffered = framer.takeBufferedBytes()
        if buffered == nil { buffered = try await nextInput() }
        guard var bytes = buffered else { return nil }
        if bytes.readableBytes > limit {
            let head = bytes.readSlice(length: limit)!
            framer.unread(bytes)
            return head
        }
        return bytes
    }

    /// What ``nextInput(wakingUp:)`` found.
    public enum Input: Sendable {
        /// Octets from the peer.
        case bytes(ByteBuffer)
        /// ``Connection/wakeUp()`` was called.
        case wakeUp
        /// The listener's idle timeout passed without a byte.
        case idleTimeout
    }

    /// The next raw octets, wake-up or idle timeout, for a driver that frames its own input (IMAP) and
    /// lives through silence (an authenticated IMAP session outlasts the pre-login timeout, RFC 9051
    /// §5.4); `nil` at end of stream. Wake-ups are returned only when `wakingUp`, else skipped.
    public mutating func nextInput(wakingUp: Bool) async throws -> Input? {
        if let buffered = framer.takeBufferedBytes() { return .bytes(buffered) }
        while let input = try await iterator.next() {
            switch input {
            case .bytes(let bytes): return .bytes(bytes)
            case .idleTimeout: return .idleTimeout
            case .wakeUp where wakingUp: return .wakeUp
            case .wakeUp, .tlsStarted: continue
            }
        }
        return nil
    }

    /// Gives back octets from ``nextBytes(atMost:)`` that belong to what follows (the commands a client
    /// pipelined after DATA's final dot); they are read again first.
    public mutating func unread(_ bytes: ByteBuffer) {
        framer.unread(bytes)
    }

    /// After ``Connection/startTLS(reply:)``: waits for the handshake and discards every byte that
    /// arrived before it (RFC 3207 §4.2), so the next read returns the first octets sent over TLS.
    /// Throws when the peer leaves or the handshake fails.
    public mutating func awaitTLS() async throws {
        framer.discardBufferedBytes()
        while let input = try await iterator.next() {
            switch input {
            case .tlsStarted: return
            case .idleTimeout: throw ServerKitError.idleTimeout
            case .bytes, .wakeUp: continue
            }
        }
        throw ServerKitError.connectionClosedBeforeTLS
    }

    private mutating func nextInput() async throws -> ByteBuffer? {
        while let input = try await iterator.next() {
            switch input {
            case .bytes(let bytes): return bytes
            case .idleTimeout: throw ServerKitError.idleTimeout
            case .tlsStarted, .wakeUp: continue
            }
        }
        return nil
    }
}
