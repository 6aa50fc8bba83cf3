/// What a successful local delivery stored, for the log line and the per-folder index.
///
/// For Maildir (https://cr.yp.to/proto/maildir.html) `path` is the new file in `new/`, `offset` is 0 and
/// `size` its length (Dovecot's `S=`). For mboxrd `path` is the mbox file, `offset` where this
/// message's `From ` line starts and `size` the bytes appended from there, the blank separator line
/// included.
public struct DeliveryReceipt: Hashable, Sendable, CustomStringConvertible {
    /// The file that holds the message.
    public let path: String
    /// Where the message starts in that file.
    public let offset: Int64
    /// How many bytes the stored message takes.
    public let size: Int64

    public init(path: String, offset: Int64, size: Int64) {
        self.path = path
        self.offset = offset
        self.size = size
    }

    public var description: String {
        offset == 0 ? "\(path) (\(size) bytes)" : "\(path) at \(offset) (\(size) bytes)"
    }
}
