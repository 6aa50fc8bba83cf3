import Glibc

/// Bytes read at offsets, which is all ``MboxReader`` needs of a mailbox: the open file in the stores, an
/// array of bytes in tests and in the fuzzer, so that the same scan runs over both.
protocol PositionalBytes {
    /// Up to `count` bytes at `offset`; fewer at the end.
    func read(count: Int, at offset: Int64) throws(MailStoreError) -> [UInt8]
    /// The number of bytes.
    func byteCount() throws(MailStoreError) -> Int64
}

extension SystemFile: PositionalBytes {
    func byteCount() throws(MailStoreError) -> Int64 {
        Int64(try status().st_size)
    }
}

extension Array: PositionalBytes where Element == UInt8 {
    func read(count: Int, at offset: Int64) -> [UInt8] {
        let start = Int(clamping: Swift.min(Swift.max(offset, 0), Int64(self.count)))
        return Array(self[start..<(start + Swift.min(Swift.max(count, 0), self.count - start))])
    }

    func byteCount() -> Int64 {
        Int64(count)
    }
}
