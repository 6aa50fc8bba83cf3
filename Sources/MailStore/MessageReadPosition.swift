import MailCore

/// How far a piecewise read of one message has got
/// (``FolderFiles/read(_:at:continuing:storedBytes:)``): the stored bytes already read, and the
/// decoder's state across the cut (a CR at the end of one piece, a `>From ` split between two).
public struct MessageReadPosition: Sendable {
    private var offset: Int64 = 0
    private var decoder: StoredMessageDecoder
    /// True once the whole message has been handed out.
    public private(set) var isAtEnd = false

    /// The start of a message of a folder stored as `format` (mbox entries are mboxrd-quoted).
    public init(format: MailLocation.Format) {
        decoder = StoredMessageDecoder(unquotesMboxrd: format == .mbox)
    }

    /// Reads the next `storedBytes` of `range` (the message's bytes in `file`) through the decoder.
    mutating func advance(_ file: SystemFile, range: Range<Int64>, storedBytes: Int,
                          into body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard !isAtEnd else { return }
        let start = range.lowerBound + offset
        let remaining = range.upperBound - start
        let wanted = min(Int64(storedBytes), remaining)
        let read = try decode(file, range: start..<(start + wanted), with: &decoder, into: body)
        offset += read
        if read < wanted || read == remaining {
            try finish(&decoder, into: body)
            isAtEnd = true
        }
    }
}
