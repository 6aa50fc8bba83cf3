/// Counts a message's size as it would be with CRLF line ends (IMAP RFC822.SIZE, RFC 9051 §7.5.2;
/// Dovecot's Maildir `W=` field): every LF not preceded by a CR counts two bytes.
struct VirtualSizeCounter {
    private(set) var size: Int64 = 0
    private var lastWasCarriageReturn = false

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var size = Int64(bytes.count)
        var previousCR = lastWasCarriageReturn
        for byte in bytes {
            if byte == UInt8(ascii: "\n"), !previousCR {
                size += 1
            }
            previousCR = byte == UInt8(ascii: "\r")
        }
        lastWasCarriageReturn = previousCR
        self.size += size
    }
}
