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

    /// Reads the next `storedBytes` of `range` (the message's bytes in `file`) through the decoder onto
    /// the end of `output`, with room made first for what they will likely decode to.
    mutating func advance(_ file: SystemFile, range: Range<Int64>, storedBytes: Int, appendingTo output: inout [UInt8]) throws {
        guard !isAtEnd else { return }
        let start = range.lowerBound + offset
        let remaining = range.upperBound - start
        let wanted = min(Int64(storedBytes), remaining)
        output.reserveCapacity(output.count + Self.decodedSize(ofAbout: wanted))
        let read = try decode(file, range: start..<(start + wanted), with: &decoder, appendingTo: &output)
        offset += read
        if read < wanted || read == remaining {
            decoder.finish(into: &output)
            isAtEnd = true
        }
    }

    /// Room for `stored` bytes once LF line ends become CRLF: one more byte per line of 16 bytes or
    /// more on average (mail's lines are 60 to 78), so the output is seldom moved while it grows.
    static func decodedSize(ofAbout stored: Int64) -> Int {
        Int(stored + stored / 16 + 64)
    }
}
