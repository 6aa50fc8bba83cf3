import NIOCore

/// Counts the `Received:` fields of a message's header section as its bytes arrive, in chunks split
/// anywhere: RFC 5321 §6.3 ("simple counting of the number of Received header fields ... is an
/// effective method of detecting loops"), Postfix's `hopcount_limit`. It stops looking at the blank
/// line that ends the header section, so a long body costs nothing.
public struct HopCounter: Sendable, Hashable {
    /// `Received:` fields seen so far.
    public private(set) var count = 0
    /// The header section has ended.
    public private(set) var isDone = false
    /// The start of the current line, lower-cased: enough to tell a `Received` field name, and
    /// a line longer than it keeps is never the empty line.
    private var lineStart: [UInt8] = []

    private static let name = Array("received".utf8)
    /// `received`, optional white space (RFC 5322 §4.5.3's obsolete syntax; up to 7 octets of it
    /// here), the colon.
    private static let kept = 16

    public init() {}

    public mutating func scan(_ bytes: ByteBuffer) {
        guard !isDone else { return }
        for byte in bytes.readableBytesView {
            if byte == UInt8(ascii: "\n") {
                endLine()
                if isDone { return }
            } else if lineStart.count < Self.kept {
                lineStart.append(byte | (byte >= 0x41 && byte <= 0x5A ? 0x20 : 0))
            }
        }
    }

    private mutating func endLine() {
        defer { lineStart.removeAll(keepingCapacity: true) }
        let line = lineStart.last == UInt8(ascii: "\r") ? lineStart.dropLast() : lineStart[...]
        if line.isEmpty {
            isDone = true
            return
        }
        guard line.starts(with: Self.name) else { return }
        let rest = line.dropFirst(Self.name.count).drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        if rest.first == UInt8(ascii: ":") { count += 1 }
    }
}
