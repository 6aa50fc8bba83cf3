import Glibc

/// Counts a message's size as it would be with CRLF line ends (IMAP RFC822.SIZE, RFC 9051 §7.5.2;
/// Dovecot's Maildir `W=` field): every LF not preceded by a CR counts two bytes.
struct VirtualSizeCounter {
    private(set) var size: Int64 = 0
    private var lastWasCarriageReturn = false

    /// Adds the next piece; line ends are found with `memchr`, so a piece costs about one pass over it.
    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        var size = Int64(bytes.count)
        var index = 0
        while let found = memchr(base + index, Int32(UInt8(ascii: "\n")), bytes.count - index) {
            let lineFeed = UnsafeRawPointer(found) - base
            let afterCR = lineFeed > 0 ? bytes[lineFeed - 1] == UInt8(ascii: "\r") : lastWasCarriageReturn
            if !afterCR {
                size += 1
            }
            index = lineFeed + 1
            if index == bytes.count { break }
        }
        lastWasCarriageReturn = bytes[bytes.count - 1] == UInt8(ascii: "\r")
        self.size += size
    }
}
