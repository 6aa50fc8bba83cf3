import Glibc

/// Appends one message to an mbox file in mboxrd form, as Postfix local(8) appends to `/var/mail/USER`.
///
/// Under both locks (``LockedMbox``): a blank line is added first if the file does not already end with
/// one (so the new `From ` line starts an entry, RFC 4155 §2), then the `From SENDER DATE` line, the
/// message through ``MboxrdEncoder`` and the blank separator line; the file is synced before the locks
/// are released. On any error the file is truncated back to its old size, so readers never see part of a
/// message.
struct MboxDeliverer {
    let configuration: MailboxDeliveryAgent.Configuration
    let access: MailboxAccess

    func deliver(
        to path: String,
        envelopeSender: String,
        time deliveryTime: time_t? = nil,
        message: (MessageWriter) throws -> Void
    ) throws -> DeliveryReceipt {
        try access.makeDirectories(parentDirectory(of: path))
        let mailbox = try LockedMbox.acquire(path, configuration: configuration, access: access)
        defer { mailbox.release() }
        let file = mailbox.file
        let originalSize = Int64(try file.status().st_size)
        do {
            let output = BufferedOutput(file)
            let separator = try missingSeparator(file, size: originalSize)
            try output.append(separator)
            let offset = originalSize + Int64(separator.count)
            let fromLine = MboxFromLine.make(sender: envelopeSender, time: deliveryTime ?? time(nil))
            try output.append(fromLine)

            var encoder = MboxrdEncoder()
            let writer = MessageWriter { chunk in
                // Slices keep the buffer near its capacity even when a producer hands over huge chunks.
                var start = 0
                while start < chunk.count {
                    let end = min(chunk.count, start + BufferedOutput.capacity)
                    let slice = UnsafeRawBufferPointer(rebasing: chunk[start..<end])
                    try output.appendEncoded { encoder.encode(slice, into: &$0) }
                    start = end
                }
            }
            try message(writer)
            try output.appendEncoded { encoder.finish(into: &$0) }
            try output.flush()
            try file.sync()
            return DeliveryReceipt(path: path, offset: offset, size: originalSize + output.count - offset)
        } catch {
            // Back to the old contents; the delivery fails either way, so a second error is not reported.
            try? file.truncate(to: originalSize)
            try? file.sync()
            throw error
        }
    }

    /// The newlines needed so the file ends with a blank line before a new `From ` line; none for an
    /// empty file.
    private func missingSeparator(_ file: SystemFile, size: Int64) throws(MailStoreError) -> [UInt8] {
        guard size > 0 else { return [] }
        let tail = try file.read(count: 2, at: max(0, size - 2))
        let newline = UInt8(ascii: "\n")
        if tail.last != newline { return [newline, newline] }
        if tail.count == 2, tail.first != newline { return [newline] }
        return size == 1 ? [newline] : []
    }
}
