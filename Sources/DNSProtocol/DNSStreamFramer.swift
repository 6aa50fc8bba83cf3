/// Splits a TCP byte stream into DNS messages by their two-octet length prefixes (RFC 1035 §4.2.2).
public struct DNSStreamFramer: Sendable {
    private var buffered: [UInt8] = []
    private var start = 0

    /// An empty framer.
    public init() {}

    /// Adds bytes read from the stream.
    public mutating func append(_ bytes: [UInt8]) {
        if start > 0 {
            buffered.removeFirst(start)
            start = 0
        }
        buffered += bytes
    }

    /// The next whole message, or `nil` until more bytes arrive. A zero length yields an empty message,
    /// which the responder treats as malformed.
    public mutating func nextMessage() -> [UInt8]? {
        guard buffered.count - start >= 2 else { return nil }
        let length = Int(buffered[start]) << 8 | Int(buffered[start + 1])
        guard buffered.count - start - 2 >= length else { return nil }
        let message = Array(buffered[(start + 2)..<(start + 2 + length)])
        start += 2 + length
        return message
    }
}
