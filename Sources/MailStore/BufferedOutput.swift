/// Collects small writes into 64 KiB `write(2)` calls on one file and counts the bytes.
final class BufferedOutput {
    /// One write per this many bytes; large enough that a message costs few system calls.
    static let capacity = 64 * 1024

    let file: SystemFile
    private var pending: [UInt8] = []
    private var flushed: Int64 = 0

    init(_ file: SystemFile) {
        self.file = file
        pending.reserveCapacity(Self.capacity)
    }

    /// All bytes appended so far, written or not.
    var count: Int64 { flushed + Int64(pending.count) }

    func append(_ bytes: UnsafeRawBufferPointer) throws(MailStoreError) {
        if pending.count + bytes.count > Self.capacity {
            try flush()
            if bytes.count >= Self.capacity {
                try file.write(bytes)
                flushed += Int64(bytes.count)
                return
            }
        }
        pending.append(contentsOf: bytes)
    }

    func append(_ bytes: [UInt8]) throws(MailStoreError) {
        try appendEncoded { $0.append(contentsOf: bytes) }
    }

    /// Lets an encoder append to the buffer directly; writes it out once it is full.
    func appendEncoded(_ encode: (inout [UInt8]) -> Void) throws(MailStoreError) {
        encode(&pending)
        if pending.count >= Self.capacity {
            try flush()
        }
    }

    func flush() throws(MailStoreError) {
        guard !pending.isEmpty else { return }
        let written = pending.withUnsafeBytes { buffer in
            Result { () throws(MailStoreError) in try file.write(buffer) }
        }
        try written.get()
        flushed += Int64(pending.count)
        pending.removeAll(keepingCapacity: true)
    }
}
